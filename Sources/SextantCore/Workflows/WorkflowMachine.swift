import Foundation

/// A workflow as a state machine: steps start once every step they depend on succeeded; a
/// failed step fails the workflow (steps not started never start); a cancel stops it, and with
/// `rollsBackOnCancel` the deployments it started are rolled back. It holds no I/O; whoever runs
/// it stores each event before acting on it.
public struct WorkflowMachine: Sendable, Equatable {
    public enum Phase: String, Sendable, Codable {
        case pending, running, succeeded, failed, cancelled
    }

    public enum StepPhase: String, Sendable, Codable {
        case pending, running, succeeded, failed, skipped
    }

    public enum Event: Sendable, Equatable, Codable {
        case start
        /// A step began; `reference` is what it started (a deployment's id).
        case stepStarted(String, reference: String?)
        case stepSucceeded(String)
        case stepFailed(String, reason: String)
        /// A gate step's gates hold, for the reason given (stored when the reason changes).
        case stepHeld(String, reason: String)
        /// A person approved an approval step; it succeeds.
        case stepApproved(String, by: String)
        /// An operator let a gate step through its freeze windows.
        case stepFreezeOverridden(String, by: String, reason: String)
        case cancel(String)
    }

    public let plan: WorkflowPlan
    public let rollsBackOnCancel: Bool
    public private(set) var phase: Phase = .pending
    public private(set) var steps: [String: StepPhase]
    public private(set) var references: [String: String] = [:]
    public private(set) var startedAt: [String: Date] = [:]
    /// What holds each running gate step.
    public private(set) var waiting: [String: String] = [:]
    /// Who approved each approval step.
    public private(set) var approvedBy: [String: String] = [:]
    /// The gate steps an operator let through their freeze windows.
    public private(set) var freezeOverridden: Set<String> = []
    public private(set) var reason: String?
    public private(set) var history: [(at: Date, message: String)] = []

    public init(plan: WorkflowPlan, rollsBackOnCancel: Bool) {
        self.plan = plan
        self.rollsBackOnCancel = rollsBackOnCancel
        self.steps = Dictionary(plan.steps.map { ($0.name, StepPhase.pending) }, uniquingKeysWith: { first, _ in first })
    }

    public static func == (lhs: WorkflowMachine, rhs: WorkflowMachine) -> Bool {
        lhs.plan == rhs.plan && lhs.phase == rhs.phase && lhs.steps == rhs.steps && lhs.references == rhs.references && lhs.reason == rhs.reason
            && lhs.waiting == rhs.waiting && lhs.approvedBy == rhs.approvedBy && lhs.freezeOverridden == rhs.freezeOverridden
    }

    /// The steps that may start now: pending, with every dependency succeeded.
    public var startable: [String] {
        guard phase == .running else { return [] }
        return plan.steps.filter { step in
            steps[step.name] == .pending && step.dependsOn.allSatisfy { steps[$0] == .succeeded }
        }.map(\.name)
    }

    /// The steps running now.
    public var running: [String] {
        plan.steps.map(\.name).filter { steps[$0] == .running }
    }

    /// What a cancel must undo: the references of the steps running (stopped) and, when the
    /// workflow rolls back, of those that succeeded.
    public var toUndoOnCancel: [(step: String, reference: String, succeeded: Bool)] {
        plan.steps.compactMap { step in
            guard let reference = references[step.name] else { return nil }
            switch steps[step.name] {
            case .running?: return (step.name, reference, false)
            case .succeeded? where rollsBackOnCancel: return (step.name, reference, true)
            default: return nil
            }
        }
    }

    /// Applies `event`; whether it changed anything.
    public mutating func handle(_ event: Event, at now: Date) -> Bool {
        switch (event, phase) {
        case (.start, .pending):
            phase = .running
            note("started", at: now)
        case (.stepStarted(let name, let reference), .running) where startable.contains(name):
            steps[name] = .running
            references[name] = reference
            startedAt[name] = now
            note("step \(name) started" + (reference.map { " (\($0))" } ?? ""), at: now)
        case (.stepSucceeded(let name), .running) where steps[name] == .running:
            succeed(name, at: now)
        case (.stepHeld(let name, let why), .running) where steps[name] == .running && waiting[name] != why:
            waiting[name] = why
            note("step \(name) waiting: \(why)", at: now)
        case (.stepApproved(let name, let by), .running) where steps[name] == .running && approvedBy[name] == nil:
            approvedBy[name] = by
            note("step \(name) approved by \(by)", at: now)
            succeed(name, at: now)
        case (.stepFreezeOverridden(let name, let by, let why), .running) where steps[name] == .running && !freezeOverridden.contains(name):
            freezeOverridden.insert(name)
            note("step \(name): freeze overridden by \(by): \(why)", at: now)
        case (.stepFailed(let name, let why), .running) where steps[name] == .running:
            steps[name] = .failed
            waiting[name] = nil
            phase = .failed
            reason = "step \(name) failed: \(why)"
            skipPending()
            note("failed: step \(name): \(why)", at: now)
        case (.cancel(let why), .pending), (.cancel(let why), .running):
            phase = .cancelled
            reason = why
            for (name, state) in steps where state == .running { steps[name] = .failed }
            waiting = [:]
            skipPending()
            note("cancelled: \(why)", at: now)
        default:
            return false
        }
        return true
    }

    private mutating func succeed(_ name: String, at now: Date) {
        steps[name] = .succeeded
        waiting[name] = nil
        note("step \(name) succeeded", at: now)
        if steps.values.allSatisfy({ $0 == .succeeded }) {
            phase = .succeeded
            note("succeeded", at: now)
        }
    }

    private mutating func skipPending() {
        for (name, state) in steps where state == .pending { steps[name] = .skipped }
    }

    private mutating func note(_ message: String, at now: Date) {
        history.append((now, message))
    }
}
