import Foundation
import SextantCore
import SextantStorage

/// The state machine a deployment runs: a canary (blue-green runs as one) or a rolling release.
enum DeploymentMachine: Sendable, Equatable {
    case canary(CanaryMachine)
    case rolling(RollingMachine)

    /// An event of either machine.
    enum Event: Sendable, Equatable {
        case canary(CanaryMachine.Event)
        case rolling(RollingMachine.Event)
        /// The gates' events, whatever the machine.
        case gate(GateState.Event)

        /// As stored: the machine's own event as JSON, or `{"gate": …}`.
        func encoded() throws -> String {
            switch self {
            case .canary(let event): return String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
            case .rolling(let event): return String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
            case .gate(let event): return String(decoding: try JSONEncoder().encode(GateEnvelope(gate: event)), as: UTF8.self)
            }
        }
    }

    private struct GateEnvelope: Codable {
        var gate: GateState.Event
    }

    /// Starts the current step's deadline again.
    mutating func restartStepClock(at now: Date) {
        switch self {
        case .canary(var machine):
            machine.restartStepClock(at: now)
            self = .canary(machine)
        case .rolling(var machine):
            machine.restartStepClock(at: now)
            self = .rolling(machine)
        }
    }

    /// Whether the machine waits to increase the traffic (or to start): where gates are judged.
    var awaitsIncrease: Bool {
        switch self {
        case .canary(let machine):
            if machine.phase == .pending { return true }
            if machine.phase == .progressing, case .weight(let percent)? = machine.awaiting { return percent > machine.verifiedWeight }
            return false
        case .rolling(let machine):
            if machine.phase == .pending { return true }
            return machine.phase == .progressing && machine.awaiting?.stage == .drain
        }
    }

    var phase: CanaryMachine.Phase {
        switch self {
        case .canary(let machine): return machine.phase
        case .rolling(let machine): return machine.phase
        }
    }

    var history: [(at: Date, message: String)] {
        switch self {
        case .canary(let machine): return machine.history
        case .rolling(let machine): return machine.history
        }
    }

    var stepCount: Int {
        switch self {
        case .canary(let machine): return machine.plan.steps.count
        case .rolling(let machine): return machine.plan.batches.count
        }
    }

    /// Reads a stored event of this machine.
    func decode(_ text: String) throws -> Event {
        if text.hasPrefix("{\"gate\""), let envelope = try? JSONDecoder().decode(GateEnvelope.self, from: Data(text.utf8)) {
            return .gate(envelope.gate)
        }
        switch self {
        case .canary: return .canary(try JSONDecoder().decode(CanaryMachine.Event.self, from: Data(text.utf8)))
        case .rolling: return .rolling(try JSONDecoder().decode(RollingMachine.Event.self, from: Data(text.utf8)))
        }
    }

    /// Applies `event`; whether anything changed (an event of the other kind changes nothing).
    mutating func handle(_ event: Event, at now: Date) -> Bool {
        switch (self, event) {
        case (.canary(var machine), .canary(let event)):
            let before = machine, count = machine.history.count
            let actions = machine.handle(event, at: now)
            self = .canary(machine)
            return machine != before || machine.history.count != count || !actions.isEmpty
        case (.rolling(var machine), .rolling(let event)):
            let before = machine, count = machine.history.count
            let actions = machine.handle(event, at: now)
            self = .rolling(machine)
            return machine != before || machine.history.count != count || !actions.isEmpty
        default:
            return false
        }
    }

    /// The status lists show: "waiting" while the gates hold a release that is pending or progressing.
    func status(at now: Date, gates: GateState) -> DeploymentStatus {
        var status = status(at: now)
        if let waiting = gates.waiting, phase == .pending || phase == .progressing {
            status.phase = "waiting"
            status.reason = waiting
        }
        return status
    }

    /// The status lists show.
    func status(at now: Date) -> DeploymentStatus {
        let step: Int, weight: Int, reason: String?, rolledBack: Bool
        switch self {
        case .canary(let machine):
            step = machine.step
            weight = machine.verifiedWeight
            rolledBack = machine.rolledBack
            switch machine.pauseReason {
            case .step(let until)?: reason = until == nil ? "waiting for promote" : "pause step"
            case .inconclusive(let why)?: reason = why
            case .byPerson?: reason = "paused by a person"
            case nil: reason = machine.abortReason
            }
        case .rolling(let machine):
            step = machine.batch
            weight = machine.percentUpdated
            rolledBack = machine.rolledBack
            reason = machine.pausedByPerson ? "paused by a person" : machine.abortReason
        }
        let aborted = phase == .aborted
        let finished = phase == .succeeded || (aborted && rolledBack)
        return DeploymentStatus(phase: phase.rawValue, rolledBack: aborted && rolledBack, step: step, weight: weight, reason: reason,
                                active: !finished, updatedAt: now, finishedAt: finished ? now : nil)
    }

    /// The event a person's action is to this machine; `nil` when it has no such action.
    static func personal(_ action: String, reason: String, for machine: DeploymentMachine) -> Event? {
        switch (machine, action) {
        case (.canary, "promote"): return .canary(.promote)
        case (.canary, "promoteFully"): return .canary(.promoteFully)
        case (.canary, "pause"): return .canary(.pause)
        case (.canary, "resume"): return .canary(.resume)
        case (.canary, "abort"): return .canary(.abort(reason))
        case (.canary, "rollback"): return .canary(.rollback(reason))
        case (.rolling, "pause"): return .rolling(.pause)
        case (.rolling, "resume"): return .rolling(.resume)
        case (.rolling, "abort"): return .rolling(.abort(reason))
        case (.rolling, "rollback"): return .rolling(.rollback(reason))
        default: return nil
        }
    }
}
