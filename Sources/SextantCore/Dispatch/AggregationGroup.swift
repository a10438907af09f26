import Foundation

/// The alerts of one route that share the values of the route's `group_by` labels, notified
/// together: first after `group_wait`, then at most every `group_interval`.
public struct AggregationGroup: Sendable {
    public let route: Route.Settings
    /// The values of the grouping labels.
    public let labels: LabelSet
    public private(set) var alerts: [UInt64: Alert] = [:]
    /// When the group is next flushed.
    public private(set) var nextFlush: Date
    /// Whether the group has been flushed at least once.
    public private(set) var hasFlushed = false

    /// Alertmanager's group key, as receivers see it: `{route key}:{group labels}`.
    public var groupKey: String { "\(route.key):\(labels.prometheusText)" }
    /// A key unique across routes, even when two routes have the same matchers.
    public var id: String { Self.id(route: route, labels: labels) }

    static func id(route: Route.Settings, labels: LabelSet) -> String { "\(route.id):\(labels.prometheusText)" }

    init(route: Route.Settings, labels: LabelSet, createdAt now: Date) {
        self.route = route
        self.labels = labels
        self.nextFlush = now.addingTimeInterval(route.groupWait)
    }

    /// Adds or updates an alert. A group that has not been flushed yet is flushed at once if
    /// the alert started more than `group_wait` ago (as after a restart).
    mutating func insert(_ alert: Alert, at now: Date) {
        alerts[alert.fingerprint] = alert
        if !hasFlushed && alert.startsAt.addingTimeInterval(route.groupWait) < now {
            nextFlush = min(nextFlush, now)
        }
    }

    /// Takes the alerts to notify and schedules the next flush one `group_interval` after this
    /// one was due, as Alertmanager's timer does, so that flushes do not drift later by however
    /// late each was run; a group that fell a whole interval behind starts again from `now`.
    mutating func beginFlush(at now: Date) -> [Alert] {
        hasFlushed = true
        let next = nextFlush.addingTimeInterval(route.groupInterval)
        nextFlush = next > now ? next : now.addingTimeInterval(route.groupInterval)
        return Array(alerts.values)
    }

    /// After a successful notification: forgets the resolved alerts that were notified and
    /// have not changed since.
    mutating func forgetResolved(_ notified: [Alert], at now: Date) {
        for alert in notified where alert.isResolved(at: now) {
            if alerts[alert.fingerprint] == alert { alerts[alert.fingerprint] = nil }
        }
    }

    public var isEmpty: Bool { alerts.isEmpty }
}
