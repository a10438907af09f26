import Foundation

/// A node of the routing tree, with the settings it inherited from its parents.
public struct Route: Sendable {
    /// What a matching alert's group is sent with.
    public struct Settings: Sendable, Equatable, Hashable {
        public var receiver: String
        public var groupBy: [String]
        /// `group_by: ['...']`: every label groups.
        public var groupByAll: Bool
        public var groupWait: TimeInterval
        public var groupInterval: TimeInterval
        public var repeatInterval: TimeInterval
        public var matchers: [LabelMatcher]
        public var continues: Bool
        public var muteTimeIntervals: [String]
        public var activeTimeIntervals: [String]
        /// Whether alerts explained by a firing root cause upstream are inhibited.
        public var graphInhibition: Bool = true
        /// Alertmanager's route key: the parent's key, `/`, then this node's sorted matchers.
        public var key: String
        /// A unique id: the key plus the node's position among its siblings.
        public var id: String

        /// The labels that name the group `labels` falls into on this route.
        public func groupLabels(of labels: LabelSet) -> LabelSet {
            groupByAll ? labels : labels.restricted(to: groupBy)
        }
    }

    public var settings: Settings
    public var children: [Route]

    public init(settings: Settings, children: [Route]) {
        self.settings = settings
        self.children = children
    }

    /// The routes an alert with `labels` goes to: depth first, the first matching child wins
    /// unless it has `continue`, and a node none of whose children match takes the alert
    /// itself. Empty when the node does not match.
    public func match(_ labels: LabelSet) -> [Settings] {
        guard settings.matchers.matches(labels) else { return [] }
        var all: [Settings] = []
        for child in children {
            let matches = child.match(labels)
            all += matches
            if !matches.isEmpty && !child.settings.continues { break }
        }
        return all.isEmpty ? [settings] : all
    }

    init(_ node: AlertmanagerConfigFile.RouteNode, parent: Settings?, id: String, field: String,
         receivers: [String: Receiver], intervals: [String: NamedTimeInterval]) throws {
        var matchers: [LabelMatcher] = []
        do {
            for text in node.matchers ?? [] { matchers += try LabelMatcher.parseList(text) }
            matchers += try LabelMatcher.fromMap(node.match ?? [:], kind: .equal)
            matchers += try LabelMatcher.fromMap(node.match_re ?? [:], kind: .regex)
        } catch let error as ValidationError {
            throw error.nested(under: field + ".matchers")
        }
        let receiver = node.receiver ?? parent?.receiver ?? ""
        guard receivers[receiver] != nil else {
            throw ValidationError(message: "undefined receiver '\(receiver)' used in route", field: field + ".receiver")
        }
        var groupBy = parent?.groupBy ?? []
        var groupByAll = parent?.groupByAll ?? false
        if let labels = node.group_by {
            if labels.contains("...") {
                guard labels.count == 1 else {
                    throw ValidationError(message: "cannot have wildcard group_by ('...') and other labels at the same time", field: field + ".group_by")
                }
                groupByAll = true
                groupBy = []
            } else {
                for label in labels where !LabelMatcher.isValidName(label) {
                    throw ValidationError(message: "'\(label)' is not a valid label name", field: field + ".group_by")
                }
                groupByAll = false
                groupBy = Array(Set(labels)).sorted()
            }
        }
        for name in (node.mute_time_intervals ?? []) + (node.active_time_intervals ?? []) where intervals[name] == nil {
            throw ValidationError(message: "undefined time interval '\(name)' used in route", field: field)
        }
        let key = (parent.map { $0.key + "/" } ?? "") + matchers.braced
        let groupInterval = try DurationText.seconds(node.group_interval, field: field + ".group_interval")
            ?? parent?.groupInterval ?? RoutingConfiguration.defaultGroupInterval
        guard groupInterval > 0 else { throw ValidationError(message: "group_interval cannot be zero", field: field + ".group_interval") }
        let repeatInterval = try DurationText.seconds(node.repeat_interval, field: field + ".repeat_interval")
            ?? parent?.repeatInterval ?? RoutingConfiguration.defaultRepeatInterval
        guard repeatInterval > 0 else { throw ValidationError(message: "repeat_interval cannot be zero", field: field + ".repeat_interval") }
        settings = Settings(
            receiver: receiver, groupBy: groupBy, groupByAll: groupByAll,
            groupWait: try DurationText.seconds(node.group_wait, field: field + ".group_wait") ?? parent?.groupWait ?? RoutingConfiguration.defaultGroupWait,
            groupInterval: groupInterval, repeatInterval: repeatInterval, matchers: matchers, continues: node.continue ?? false,
            muteTimeIntervals: node.mute_time_intervals ?? [], activeTimeIntervals: node.active_time_intervals ?? [],
            graphInhibition: node.graph_inhibition ?? parent?.graphInhibition ?? true,
            key: key, id: id.isEmpty ? key : id + "/" + matchers.braced
        )
        let own = settings
        children = try (node.routes ?? []).enumerated().map { index, child in
            try Route(child, parent: own, id: own.id + "/\(index)", field: field + ".routes[\(index)]", receivers: receivers, intervals: intervals)
        }
    }
}
