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

/// The router's grouping state: which groups exist, their alerts and when each is due.
public struct AlertDispatcher: Sendable {
    public private(set) var configuration: RoutingConfiguration
    public private(set) var groups: [String: AggregationGroup] = [:]

    public init(configuration: RoutingConfiguration) {
        self.configuration = configuration
    }

    /// Where an alert goes: for each route it matches, the group's id and labels. Depends only
    /// on the configuration, so it can be worked out before taking any lock.
    public struct Placement: Sendable {
        let route: Route.Settings
        let labels: LabelSet
        let id: String
    }

    public static func placements(of labels: LabelSet, in configuration: RoutingConfiguration) -> [Placement] {
        configuration.root.match(labels).map { route in
            let groupLabels = route.groupLabels(of: labels)
            return Placement(route: route, labels: groupLabels, id: AggregationGroup.id(route: route, labels: groupLabels))
        }
    }

    /// Puts an alert into the group of every route it matches.
    public mutating func receive(_ alert: Alert, at now: Date) {
        receive(alert, at: Self.placements(of: alert.labels, in: configuration), now: now)
    }

    /// Puts an alert into the groups of its `placements`.
    public mutating func receive(_ alert: Alert, at placements: [Placement], now: Date) {
        for placement in placements {
            // In place, with one lookup: a copy of the group would copy its alerts at every insert.
            groups[placement.id, default: AggregationGroup(route: placement.route, labels: placement.labels, createdAt: now)].insert(alert, at: now)
        }
    }

    /// The groups due at `now`, soonest first.
    public func due(at now: Date) -> [String] {
        groups.values.filter { $0.nextFlush <= now && !$0.isEmpty }.sorted { $0.nextFlush < $1.nextFlush }.map(\.id)
    }

    /// When the next group is due.
    public var nextDeadline: Date? {
        groups.values.map(\.nextFlush).min()
    }

    /// Starts flushing a group: its alerts, sorted as notifications list them.
    public mutating func beginFlush(_ id: String, at now: Date) -> (group: AggregationGroup, alerts: [Alert])? {
        guard groups[id] != nil else { return nil }
        let alerts = groups[id]!.beginFlush(at: now)
        return (groups[id]!, alerts)
    }

    /// Ends a flush: after success, notified resolved alerts leave the group, and an empty
    /// group is dropped.
    public mutating func finishFlush(_ id: String, notified: [Alert], succeeded: Bool, at now: Date) {
        guard groups[id] != nil else { return }
        if succeeded { groups[id]!.forgetResolved(notified, at: now) }
        if groups[id]!.isEmpty { groups[id] = nil }
    }
}
