import Foundation

/// The life of one alert condition, as Prometheus' rule evaluation: inactive → pending while
/// the condition holds for less than its `for` → firing → inactive again (resolved).
public struct AlertStateMachine: Sendable, Equatable {
    /// Where the alert is.
    public enum Phase: String, Sendable, Codable {
        case inactive
        case pending
        case firing
    }

    /// What an evaluation changed, for whoever records or notifies.
    public enum Transition: Sendable, Equatable {
        case none
        case becamePending
        case fired
        case resolved
    }

    public private(set) var phase: Phase
    /// When the current phase began (`nil` for an alert that was never active).
    public private(set) var since: Date?
    /// When the condition last started to hold (`nil` while inactive).
    public private(set) var activeSince: Date?
    /// When the alert was last resolved.
    public private(set) var resolvedAt: Date?

    /// A condition never seen active.
    public init() {
        phase = .inactive
    }

    /// A machine restored from a record.
    public init(phase: Phase, since: Date?, activeSince: Date?, resolvedAt: Date?) {
        self.phase = phase
        self.since = since
        self.activeSince = activeSince
        self.resolvedAt = resolvedAt
    }

    /// Applies one evaluation: whether the condition holds at `now`, and how long it must hold
    /// before firing.
    public mutating func evaluate(isActive: Bool, at now: Date, pendingFor: TimeInterval) -> Transition {
        switch (phase, isActive) {
        case (.inactive, false):
            return .none
        case (.inactive, true):
            activeSince = now
            if pendingFor <= 0 {
                phase = .firing
                since = now
                return .fired
            }
            phase = .pending
            since = now
            return .becamePending
        case (.pending, true):
            guard let activeSince, now.timeIntervalSince(activeSince) >= pendingFor else { return .none }
            phase = .firing
            since = now
            return .fired
        case (.pending, false):
            phase = .inactive
            since = now
            activeSince = nil
            return .none
        case (.firing, true):
            return .none
        case (.firing, false):
            phase = .inactive
            since = now
            activeSince = nil
            resolvedAt = now
            return .resolved
        }
    }
}
