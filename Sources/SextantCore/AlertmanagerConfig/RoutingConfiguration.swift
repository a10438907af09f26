import Foundation

/// The router's configuration, resolved from Alertmanager's file: the route tree with
/// inherited settings and defaults, inhibition rules, receivers and time intervals.
public struct RoutingConfiguration: Sendable {
    /// How long an alert without `endsAt` stays firing after it was last received.
    public var resolveTimeout: TimeInterval
    public var root: Route
    public var inhibitRules: [InhibitRule]
    public var receivers: [String: Receiver]
    /// The receivers' names in the order the configuration lists them.
    public var receiverNames: [String]
    public var timeIntervals: [String: NamedTimeInterval]

    /// Alertmanager's defaults.
    public static let defaultGroupWait: TimeInterval = 30
    public static let defaultGroupInterval: TimeInterval = 300
    public static let defaultRepeatInterval: TimeInterval = 14_400
    public static let defaultResolveTimeout: TimeInterval = 300

    /// A configuration that sends nothing: one route to a receiver without integrations.
    public static let silent = RoutingConfiguration(
        resolveTimeout: defaultResolveTimeout,
        root: Route(settings: .init(receiver: "default", groupBy: [], groupByAll: false, groupWait: defaultGroupWait,
                                    groupInterval: defaultGroupInterval, repeatInterval: defaultRepeatInterval, matchers: [],
                                    continues: false, muteTimeIntervals: [], activeTimeIntervals: [], key: "{}", id: "{}"),
                    children: []),
        inhibitRules: [], receivers: ["default": Receiver(name: "default", integrations: [])], timeIntervals: [:]
    )

    public init(resolveTimeout: TimeInterval, root: Route, inhibitRules: [InhibitRule], receivers: [String: Receiver],
                timeIntervals: [String: NamedTimeInterval]) {
        self.resolveTimeout = resolveTimeout
        self.root = root
        self.inhibitRules = inhibitRules
        self.receivers = receivers
        self.receiverNames = receivers.keys.sorted()
        self.timeIntervals = timeIntervals
    }

    /// Resolves and validates `file`, as Alertmanager does when it loads its configuration.
    public init(_ file: AlertmanagerConfigFile) throws {
        let global = file.global
        resolveTimeout = try DurationText.seconds(global?.resolve_timeout, field: "global.resolve_timeout") ?? Self.defaultResolveTimeout

        var intervals: [String: NamedTimeInterval] = [:]
        for (index, node) in ((file.time_intervals ?? []) + (file.mute_time_intervals ?? [])).enumerated() {
            guard let name = node.name, !name.isEmpty else { throw ValidationError(message: "a time interval needs a name", field: "time_intervals[\(index)].name") }
            guard intervals[name] == nil else { throw ValidationError(message: "time interval \(Quoted.prefix(name)) is defined twice", field: "time_intervals[\(index)].name") }
            intervals[name] = NamedTimeInterval(name: name, intervals: node.time_intervals ?? [])
        }
        timeIntervals = intervals

        var receivers: [String: Receiver] = [:]
        var receiverNames: [String] = []
        for (index, node) in (file.receivers ?? []).enumerated() {
            let receiver = try Receiver(node, global: global, field: "receivers[\(index)]")
            guard receivers[receiver.name] == nil else {
                throw ValidationError(message: "receiver \(Quoted.prefix(receiver.name)) is defined twice", field: "receivers[\(index)].name")
            }
            receivers[receiver.name] = receiver
            receiverNames.append(receiver.name)
        }
        self.receivers = receivers
        self.receiverNames = receiverNames

        guard let rootNode = file.route else { throw ValidationError(message: "no route provided in the configuration", field: "route") }
        guard rootNode.receiver?.isEmpty == false else { throw ValidationError(message: "the root route must have a receiver", field: "route.receiver") }
        if !(rootNode.matchers ?? []).isEmpty || !(rootNode.match ?? [:]).isEmpty || !(rootNode.match_re ?? [:]).isEmpty {
            throw ValidationError(message: "the root route must not have any matchers", field: "route.matchers")
        }
        if rootNode.continue == true { throw ValidationError(message: "the root route cannot have continue", field: "route.continue") }
        if !(rootNode.mute_time_intervals ?? []).isEmpty || !(rootNode.active_time_intervals ?? []).isEmpty {
            throw ValidationError(message: "the root route must not have any mute or active time intervals", field: "route.mute_time_intervals")
        }
        root = try Route(rootNode, parent: nil, id: "", field: "route", receivers: receivers, intervals: intervals)

        inhibitRules = try (file.inhibit_rules ?? []).enumerated().map { index, node in
            try InhibitRule(node, field: "inhibit_rules[\(index)]")
        }
    }
}
