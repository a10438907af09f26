import Foundation

/// The life of one alert, as Prometheus' rule evaluation: inactive → pending while the condition
/// holds for less than its `for` → firing → inactive again (resolved), with `keep_firing_for`
/// holding a firing alert up after its condition stopped. Both an alerting rule's alerts and an
/// objective's burn-rate conditions live by it.
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
    /// When the alert last fired (kept after it resolved).
    public private(set) var firedAt: Date?
    /// When the alert was last resolved.
    public private(set) var resolvedAt: Date?
    /// When the condition stopped holding while `keep_firing_for` keeps the alert firing.
    public private(set) var keepFiringSince: Date?

    /// A condition never seen active.
    public init() {
        phase = .inactive
    }

    /// A machine restored from what was stored of it.
    public init(phase: Phase, since: Date?, activeSince: Date?, firedAt: Date? = nil, resolvedAt: Date?, keepFiringSince: Date? = nil) {
        self.phase = phase
        self.since = since
        self.activeSince = activeSince
        self.firedAt = firedAt ?? (phase == .firing ? since : nil)
        self.resolvedAt = resolvedAt
        self.keepFiringSince = keepFiringSince
    }

    /// Applies one evaluation: whether the condition holds at `now`, how long it must hold
    /// before firing, and how long a firing alert keeps firing after it stopped holding.
    public mutating func evaluate(isActive: Bool, at now: Date, pendingFor: TimeInterval, keepFiringFor: TimeInterval = 0) -> Transition {
        switch (phase, isActive) {
        case (.inactive, false):
            return .none
        case (.inactive, true):
            activeSince = now
            if pendingFor <= 0 { return fire(at: now) }
            phase = .pending
            since = now
            return .becamePending
        case (.pending, true):
            guard let activeSince, now.timeIntervalSince(activeSince) >= pendingFor else { return .none }
            return fire(at: now)
        case (.pending, false):
            phase = .inactive
            since = now
            activeSince = nil
            return .none
        case (.firing, true):
            keepFiringSince = nil
            return .none
        case (.firing, false):
            if keepFiringFor > 0 {
                let stoppedAt = keepFiringSince ?? now
                keepFiringSince = stoppedAt
                if now.timeIntervalSince(stoppedAt) < keepFiringFor { return .none }
            }
            phase = .inactive
            since = now
            activeSince = nil
            resolvedAt = now
            keepFiringSince = nil
            return .resolved
        }
    }

    private mutating func fire(at now: Date) -> Transition {
        phase = .firing
        since = now
        firedAt = now
        return .fired
    }
}
