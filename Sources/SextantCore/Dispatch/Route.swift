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
    public var children: [Route] {
        didSet { childIndex = ChildIndex(children) }
    }
    /// Which children can match a value of one label, when they all require one.
    private var childIndex: ChildIndex?

    public init(settings: Settings, children: [Route]) {
        self.settings = settings
        self.children = children
        childIndex = ChildIndex(children)
    }

    /// The children that can match, found by one label's value instead of trying each in
    /// turn: built when every child requires that label to equal some value, as routes by
    /// team or service do. Children that cannot match are skipped; the order is kept.
    private struct ChildIndex: Sendable {
        let label: String
        let childrenByValue: [String: [Int]]

        init?(_ children: [Route]) {
            guard children.count >= 4, let first = children.first else { return nil }
            let required = { (child: Route) in Set(child.settings.matchers.filter { $0.kind == .equal }.map(\.name)) }
            guard let label = children.dropFirst().reduce(required(first), { $0.intersection(required($1)) }).sorted().first else { return nil }
            var childrenByValue: [String: [Int]] = [:]
            for (index, child) in children.enumerated() {
                // A child may require the label twice; it can match only if all agree.
                let values = Set(child.settings.matchers.filter { $0.kind == .equal && $0.name == label }.map(\.value))
                if values.count == 1 { childrenByValue[values.first!, default: []].append(index) }
            }
            self.label = label
            self.childrenByValue = childrenByValue
        }

        /// The children, in order, that can match `labels`.
        func candidates(for labels: LabelSet) -> [Int] {
            childrenByValue[labels[label] ?? ""] ?? []
        }
    }

    /// The routes an alert with `labels` goes to: depth first, the first matching child wins
    /// unless it has `continue`, and a node none of whose children match takes the alert
    /// itself. Empty when the node does not match.
    public func match(_ labels: LabelSet) -> [Settings] {
        var matches: [Settings] = []
        _ = collectMatches(of: labels, into: &matches)
        return matches
    }

    /// Appends the routes `labels` go to under this node; whether this node matched.
    private func collectMatches(of labels: LabelSet, into matches: inout [Settings]) -> Bool {
        guard settings.matchers.matches(labels) else { return false }
        let before = matches.count
        if let childIndex {
            for index in childIndex.candidates(for: labels) where children[index].collectMatches(of: labels, into: &matches) && !children[index].settings.continues {
                break
            }
        } else {
            for child in children where child.collectMatches(of: labels, into: &matches) && !child.settings.continues { break }
        }
        if matches.count == before { matches.append(settings) }
        return true
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
            throw ValidationError(message: "undefined receiver \(Quoted.prefix(receiver)) used in route", field: field + ".receiver")
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
                    throw ValidationError(message: "\(Quoted.prefix(label)) is not a valid label name", field: field + ".group_by")
                }
                groupByAll = false
                groupBy = Array(Set(labels)).sorted()
            }
        }
        for name in (node.mute_time_intervals ?? []) + (node.active_time_intervals ?? []) where intervals[name] == nil {
            throw ValidationError(message: "undefined time interval \(Quoted.prefix(name)) used in route", field: field)
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
        childIndex = ChildIndex(children)
    }
}
