import Foundation

/// Where a deployment's gates stand, as the replay of their stored events: whether it waits
/// (and for what), whether a person approved it, and whether an operator overrode a freeze.
public struct GateState: Sendable, Equatable {
    public enum Event: Sendable, Equatable, Codable {
        /// The gates hold, for the reason given (stored when the reason changes).
        case held(String)
        case passed
        case approved(by: String)
        case freezeOverridden(by: String, reason: String)
    }

    public private(set) var waiting: String?
    public private(set) var approvedBy: String?
    public private(set) var freezeOverride: (by: String, reason: String)?
    public private(set) var history: [(at: Date, message: String)] = []

    public init() {}

    public static func == (lhs: GateState, rhs: GateState) -> Bool {
        lhs.waiting == rhs.waiting && lhs.approvedBy == rhs.approvedBy && lhs.freezeOverride?.by == rhs.freezeOverride?.by
            && lhs.freezeOverride?.reason == rhs.freezeOverride?.reason
    }

    /// Applies `event`; whether anything changed.
    public mutating func handle(_ event: Event, at now: Date) -> Bool {
        switch event {
        case .held(let reason):
            guard waiting != reason else { return false }
            waiting = reason
            history.append((now, "waiting: \(reason)"))
        case .passed:
            guard waiting != nil else { return false }
            waiting = nil
            history.append((now, "gates passed"))
        case .approved(let by):
            guard approvedBy == nil else { return false }
            approvedBy = by
            history.append((now, "approved by \(by)"))
        case .freezeOverridden(let by, let reason):
            freezeOverride = (by, reason)
            history.append((now, "freeze overridden by \(by): \(reason)"))
        }
        return true
    }
}
