import Foundation

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
