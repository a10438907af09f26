import Foundation

/// Alerting's periodic clean-up, as Alertmanager's garbage collection: alerts resolved more
/// than 15 minutes ago are dropped from memory; on the leader only, they are deleted from the
/// store with the silences and notification history older than 5 days. Followers hold the
/// same store and leave its deletes to the leader, so that they are done once.
public struct AlertRetention: Sendable, Equatable {
    /// How long a resolved alert is held (so that its resolution can still be notified).
    public static let resolvedAlerts: TimeInterval = 15 * 60
    /// How long the notification log, its history and expired silences are kept
    /// (Alertmanager's `--data.retention`).
    public static let history: TimeInterval = 5 * 86_400
    /// How often a pass runs.
    public static let interval: TimeInterval = 300

    /// What one pass does.
    public struct Pass: Sendable, Equatable {
        /// Alerts held in memory that ended before this are dropped.
        public var dropsAlertsEndedBefore: Date
        /// The deletes from the store, on the leader only.
        public var deletes: Deletes?
    }

    public struct Deletes: Sendable, Equatable {
        public var alertsEndedBefore: Date
        public var silencesEndedBefore: Date
        public var notificationsBefore: Date

        public init(alertsEndedBefore: Date, silencesEndedBefore: Date, notificationsBefore: Date) {
            self.alertsEndedBefore = alertsEndedBefore
            self.silencesEndedBefore = silencesEndedBefore
            self.notificationsBefore = notificationsBefore
        }
    }

    private var lastPass: Date?

    public init() {}

    /// The pass due at `now`, if one is; a pass is due every ``interval``.
    public mutating func pass(at now: Date, leading: Bool) -> Pass? {
        if let lastPass, now.timeIntervalSince(lastPass) < Self.interval, lastPass <= now { return nil }
        lastPass = now
        let resolved = now.addingTimeInterval(-Self.resolvedAlerts)
        let history = now.addingTimeInterval(-Self.history)
        return Pass(dropsAlertsEndedBefore: resolved,
                    deletes: leading ? Deletes(alertsEndedBefore: resolved, silencesEndedBefore: history, notificationsBefore: history) : nil)
    }
}
