import Foundation

/// What was last notified for a group to one integration of a receiver: the notification
/// log, which keeps a receiver from hearing the same thing twice.
public struct NotificationLogEntry: Sendable, Equatable, Codable {
    public var groupKey: String
    public var receiver: String
    public var integration: String
    public var firing: Set<UInt64>
    public var resolved: Set<UInt64>
    public var sentAt: Date

    public init(groupKey: String, receiver: String, integration: String, firing: Set<UInt64>, resolved: Set<UInt64>, sentAt: Date) {
        self.groupKey = groupKey
        self.receiver = receiver
        self.integration = integration
        self.firing = firing
        self.resolved = resolved
        self.sentAt = sentAt
    }
}

extension NotificationLogEntry {
    /// Whether the group must be notified, as Alertmanager's dedup stage decides, and why;
    /// `nil` when the receiver already knows everything.
    /// An integration that `resendsFiring` (forwarding to an Alertmanager) hears about firing
    /// alerts at every flush.
    public static func reason(
        last entry: NotificationLogEntry?, firing: Set<UInt64>, resolved: Set<UInt64>, sendResolved: Bool,
        repeatInterval: TimeInterval, resendsFiring: Bool = false, at now: Date
    ) -> NotificationReason? {
        guard let entry else { return firing.isEmpty ? nil : .firstNotification }
        if !firing.isSubset(of: entry.firing) { return .newFiringAlerts }
        if firing.isEmpty {
            // Alerts that fired and resolved between two flushes were never announced.
            return entry.firing.isEmpty ? nil : .allResolved
        }
        if sendResolved && !resolved.isSubset(of: entry.resolved) { return .alertsResolved }
        if entry.sentAt < now.addingTimeInterval(-repeatInterval) { return .repeatInterval }
        return resendsFiring ? .resend : nil
    }
}
