import Foundation

/// A rolling release as a state machine. Each batch is drained (taken out of the traffic),
/// updated, health-checked and enabled again before the next; a failure at any stage halts the
/// release and restores every instance touched so far to the old version, then enables every
/// instance still drained. Like ``CanaryMachine`` it holds no I/O, and whoever runs it stores it
/// before acting, so that after a restart ``pendingActions`` repeats only what is not yet done.
public struct RollingMachine: Sendable, Equatable {
    public typealias Phase = CanaryMachine.Phase

    public enum Stage: String, Sendable, Codable, Equatable {
        case drain
        case update
        case checkHealth
        case enable
        case restore
    }

    public enum Event: Sendable, Equatable, Codable {
        case start
        /// The awaited action on `batch` is done (`batch` is -1 for the rollback's actions).
        case done(Stage, batch: Int)
        case failed(Stage, batch: Int, reason: String)
        case tick
        case pause
        case resume
        case abort(String)
        case rollback(String)
    }

    public enum Action: Sendable, Equatable {
        case drain([String])
        case update([String])
        case checkHealth([String])
        case enable([String])
        case restore([String])
    }

    public let plan: RollingPlan
    public let progressDeadline: TimeInterval
    public private(set) var phase: Phase = .pending
    public private(set) var batch = 0
    /// The action awaited, with the batch it belongs to (-1: the rollback's).
    public private(set) var awaiting: (stage: Stage, batch: Int, instances: [String])?
    /// Instances asked to run the new version (and not restored).
    public private(set) var touched: [String] = []
    /// Instances out of the traffic now.
    public private(set) var drained: [String] = []
    public private(set) var pausedByPerson = false
    public private(set) var abortReason: String?
    public private(set) var rolledBack = false
    /// Whether an updated instance ever served traffic (was enabled).
    public private(set) var tookTraffic = false
    public private(set) var succeededAt: Date?
    public private(set) var abortedAt: Date?
    public private(set) var rolledBackAt: Date?
    public private(set) var stageStartedAt: Date?
    public private(set) var history: [(at: Date, message: String)] = []

    public init(plan: RollingPlan, progressDeadline: TimeInterval = 600) {
        self.plan = plan
        self.progressDeadline = progressDeadline
    }

    public static func == (lhs: RollingMachine, rhs: RollingMachine) -> Bool {
        lhs.plan == rhs.plan && lhs.phase == rhs.phase && lhs.batch == rhs.batch && lhs.awaiting?.stage == rhs.awaiting?.stage
            && lhs.awaiting?.batch == rhs.awaiting?.batch && lhs.awaiting?.instances == rhs.awaiting?.instances && lhs.touched == rhs.touched
            && lhs.drained == rhs.drained && lhs.pausedByPerson == rhs.pausedByPerson && lhs.abortReason == rhs.abortReason
            && lhs.rolledBack == rhs.rolledBack
    }

    /// The action to take again after a restart.
    public var pendingActions: [Action] {
        awaiting.map { [Self.action($0.stage, $0.instances)] } ?? []
    }

    /// The share of instances on the new version, in percent (for lists).
    public var percentUpdated: Int {
        plan.instances.isEmpty ? 0 : touched.count * 100 / plan.instances.count
    }

    static func action(_ stage: Stage, _ instances: [String]) -> Action {
        switch stage {
        case .drain: return .drain(instances)
        case .update: return .update(instances)
        case .checkHealth: return .checkHealth(instances)
        case .enable: return .enable(instances)
        case .restore: return .restore(instances)
        }
    }

    public mutating func handle(_ event: Event, at now: Date) -> [Action] {
        switch (event, phase) {
        case (.start, .pending):
            phase = .progressing
            note("started: \(plan.instances.count) instances in \(plan.batches.count) batches", at: now)
            return ask(.drain, batch: 0, at: now)
        case (.done(let stage, let index), _) where awaiting?.stage == stage && awaiting?.batch == index:
            return finished(stage, batch: index, at: now)
        case (.failed(let stage, let index, let reason), _) where awaiting?.stage == stage && awaiting?.batch == index:
            if phase == .aborted {
                note("\(stage.rawValue) failed while rolling back: \(reason); retrying", at: now)
                stageStartedAt = now
                return pendingActions
            }
            return abort("\(stage == .checkHealth ? "health check" : stage.rawValue) of batch \(index + 1) failed: \(reason)", at: now)
        case (.tick, .progressing), (.tick, .paused):
            if let started = stageStartedAt, awaiting != nil, now.timeIntervalSince(started) > progressDeadline {
                return abort("no progress for \(DurationText.format(seconds: progressDeadline))", at: now)
            }
            return []
        case (.pause, .progressing):
            phase = .paused
            pausedByPerson = true
            note("paused by a person: the batch under way finishes first", at: now)
            return []
        case (.resume, .paused):
            phase = .progressing
            pausedByPerson = false
            note("resumed", at: now)
            if awaiting == nil { return ask(.drain, batch: batch, at: now) }
            return []
        case (.abort(let reason), .progressing), (.abort(let reason), .paused), (.abort(let reason), .pending),
             (.rollback(let reason), .progressing), (.rollback(let reason), .paused), (.rollback(let reason), .pending):
            return abort(reason, at: now)
        case (.rollback(let reason), .succeeded):
            phase = .aborted
            abortedAt = now
            abortReason = reason
            note("rolled back: \(reason)", at: now)
            return ask(.restore, batch: -1, instances: touched, at: now)
        default:
            return []
        }
    }

    /// Starts the stage's deadline again (the gates held it: a wait for them is not the release's).
    public mutating func restartStepClock(at now: Date) {
        if stageStartedAt != nil { stageStartedAt = now }
    }

    private mutating func note(_ message: String, at now: Date) {
        history.append((now, message))
    }

    private mutating func ask(_ stage: Stage, batch index: Int, instances: [String]? = nil, at now: Date) -> [Action] {
        let instances = instances ?? plan.batches[index]
        awaiting = (stage, index, instances)
        stageStartedAt = now
        if stage == .drain { drained = Array(Set(drained + instances)).sorted() }
        if stage == .update { touched += instances.filter { !touched.contains($0) } }
        return [Self.action(stage, instances)]
    }

    private mutating func finished(_ stage: Stage, batch index: Int, at now: Date) -> [Action] {
        let instances = awaiting?.instances ?? []
        awaiting = nil
        if phase == .aborted {
            switch stage {
            case .restore:
                note("restored \(instances.joined(separator: ", ")) to the old version", at: now)
                touched.removeAll { instances.contains($0) }
                if !drained.isEmpty { return ask(.enable, batch: -1, instances: drained, at: now) }
            case .enable:
                drained.removeAll { instances.contains($0) }
                note("enabled \(instances.joined(separator: ", "))", at: now)
            default:
                // An action of the release that finished as it aborted: go on rolling back.
                return rollBack(at: now)
            }
            rolledBack = true
            rolledBackAt = now
            note("every instance is back on the old version", at: now)
            return []
        }
        let names = instances.joined(separator: ", ")
        switch stage {
        case .drain:
            note("batch \(index + 1): drained \(names)", at: now)
            return ask(.update, batch: index, at: now)
        case .update:
            note("batch \(index + 1): updated \(names)", at: now)
            return ask(.checkHealth, batch: index, at: now)
        case .checkHealth:
            note("batch \(index + 1): healthy", at: now)
            return ask(.enable, batch: index, at: now)
        case .enable, .restore:
            drained.removeAll { instances.contains($0) }
            tookTraffic = true
            note("batch \(index + 1): enabled \(names)", at: now)
            batch = index + 1
            if batch >= plan.batches.count {
                phase = .succeeded
                succeededAt = now
                note("succeeded", at: now)
                return []
            }
            if phase == .paused { return [] }
            return ask(.drain, batch: batch, at: now)
        }
    }

    private mutating func abort(_ reason: String, at now: Date) -> [Action] {
        phase = .aborted
        abortedAt = now
        abortReason = reason
        pausedByPerson = false
        note("aborted: \(reason)", at: now)
        return rollBack(at: now)
    }

    private mutating func rollBack(at now: Date) -> [Action] {
        if !touched.isEmpty { return ask(.restore, batch: -1, instances: touched, at: now) }
        if !drained.isEmpty { return ask(.enable, batch: -1, instances: drained, at: now) }
        awaiting = nil
        rolledBack = true
        rolledBackAt = now
        note("every instance is back on the old version", at: now)
        return []
    }
}
