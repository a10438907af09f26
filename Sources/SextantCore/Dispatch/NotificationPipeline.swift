import Foundation

/// The flush of one aggregation group, decided in Alertmanager's stage order: time intervals
/// (mute, then active) → inhibition → graph inhibition → silences → for each integration of the
/// receiver, the notification log's verdict → truncation to the integration's maximum. It only
/// decides; the caller delivers, and logs what was delivered.
public enum NotificationPipeline {
    /// What one integration of the receiver gets.
    public enum Action: Sendable, Equatable {
        /// Deliver the notification, and on success log its entry.
        case deliver(Delivery)
        /// Log the entry without a delivery: what changed is resolved alerts, and the
        /// integration does not send resolutions.
        case record(Delivery)

        public var delivery: Delivery {
            switch self {
            case .deliver(let delivery), .record(let delivery): return delivery
            }
        }
    }

    public struct Delivery: Sendable, Equatable {
        public var integration: Integration
        public var reason: NotificationReason
        /// The alerts sent (none when only recorded), sorted and truncated.
        public var notification: AlertNotification
        /// The notification log entry written once it is delivered.
        public var entry: NotificationLogEntry
    }

    /// The actions of flushing `group` with its `alerts` at `now`; `lastEntry` answers the
    /// notification log for an integration's name. No action: nothing to notify.
    public static func actions(
        flushing group: AggregationGroup, alerts: [Alert], routing: RoutingConfiguration, muting: AlertMuting,
        externalURL: String, at now: Date, lastEntry: (_ integration: String) -> NotificationLogEntry?
    ) -> [Action] {
        let route = group.route
        func isActive(_ name: String) -> Bool { routing.timeIntervals[name]?.isActive(at: now) ?? false }
        if route.muteTimeIntervals.contains(where: isActive) { return [] }
        if !route.activeTimeIntervals.isEmpty, !route.activeTimeIntervals.contains(where: isActive) { return [] }
        let unmuted = alerts.compactMap { alert -> Alert? in
            let verdict = muting.verdict(on: alert, graphAware: route.graphInhibition)
            return verdict.isMuted ? nil : verdict.alert
        }
        guard !unmuted.isEmpty, let receiver = routing.receivers[route.receiver] else { return [] }
        let firing = Set(unmuted.filter { !$0.isResolved(at: now) }.map(\.fingerprint))
        let resolved = Set(unmuted.filter { $0.isResolved(at: now) }.map(\.fingerprint))
        return receiver.integrations.compactMap { integration -> Action? in
            guard let reason = NotificationLogEntry.reason(last: lastEntry(integration.name), firing: firing, resolved: resolved,
                                                           sendResolved: integration.sendResolved, repeatInterval: route.repeatInterval,
                                                           resendsFiring: integration.resendsFiring, at: now) else { return nil }
            var sent = (integration.sendResolved ? unmuted : unmuted.filter { !$0.isResolved(at: now) }).sortedForNotification
            var truncated = 0
            if case .webhook(_, let maximum) = integration.kind, maximum > 0, sent.count > maximum {
                truncated = sent.count - maximum
                sent = Array(sent.prefix(maximum))
            }
            let delivery = Delivery(
                integration: integration, reason: reason,
                notification: AlertNotification(receiver: receiver.name, groupKey: group.groupKey, groupLabels: group.labels, alerts: sent,
                                                externalURL: externalURL, truncatedAlerts: truncated, at: now),
                entry: NotificationLogEntry(groupKey: group.groupKey, receiver: receiver.name, integration: integration.name,
                                            firing: firing, resolved: resolved, sentAt: now))
            return sent.isEmpty ? .record(delivery) : .deliver(delivery)
        }
    }
}
