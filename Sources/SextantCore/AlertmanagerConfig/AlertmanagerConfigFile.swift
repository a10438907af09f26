import Foundation

/// Alertmanager's configuration file as written, before defaults and inheritance; see
/// ``RoutingConfiguration`` for the resolved form.
public struct AlertmanagerConfigFile: Decodable, Sendable {
    public struct Global: Decodable, Sendable {
        public var resolve_timeout: String?
        public var slack_api_url: String?
        public var pagerduty_url: String?
    }

    public struct RouteNode: Decodable, Sendable {
        public var receiver: String?
        public var group_by: [String]?
        public var `continue`: Bool?
        public var matchers: [String]?
        public var match: [String: String]?
        public var match_re: [String: String]?
        public var group_wait: String?
        public var group_interval: String?
        public var repeat_interval: String?
        public var mute_time_intervals: [String]?
        public var active_time_intervals: [String]?
        /// Sextant's: whether alerts explained by a root cause upstream in the dependency graph
        /// are inhibited (inherited; on by default).
        public var graph_inhibition: Bool?
        public var routes: [RouteNode]?
    }

    public struct InhibitRuleNode: Decodable, Sendable {
        public var source_matchers: [String]?
        public var target_matchers: [String]?
        public var source_match: [String: String]?
        public var source_match_re: [String: String]?
        public var target_match: [String: String]?
        public var target_match_re: [String: String]?
        public var equal: [String]?
    }

    public struct WebhookNode: Decodable, Sendable {
        public var url: String?
        public var send_resolved: Bool?
        public var max_alerts: Int?
        public var timeout: String?
    }

    public struct SlackNode: Decodable, Sendable {
        public var api_url: String?
        public var channel: String?
        public var username: String?
        public var title: String?
        public var text: String?
        public var icon_emoji: String?
        public var icon_url: String?
        public var color: String?
        public var send_resolved: Bool?
        public var timeout: String?
    }

    public struct PagerDutyNode: Decodable, Sendable {
        public var routing_key: String?
        public var url: String?
        public var client: String?
        public var client_url: String?
        public var description: String?
        public var severity: String?
        public var `class`: String?
        public var component: String?
        public var group: String?
        public var details: [String: String]?
        public var send_resolved: Bool?
        public var timeout: String?
    }

    public struct AlertmanagerNode: Decodable, Sendable {
        public var url: String?
        public var send_resolved: Bool?
        public var timeout: String?
    }

    public struct ReceiverNode: Decodable, Sendable {
        public var name: String?
        public var webhook_configs: [WebhookNode]?
        public var slack_configs: [SlackNode]?
        public var pagerduty_configs: [PagerDutyNode]?
        public var alertmanager_configs: [AlertmanagerNode]?
    }

    public struct TimeIntervalNode: Decodable, Sendable {
        public var name: String?
        public var time_intervals: [RecurringInterval]?
    }

    public var global: Global?
    public var route: RouteNode?
    public var inhibit_rules: [InhibitRuleNode]?
    public var receivers: [ReceiverNode]?
    public var time_intervals: [TimeIntervalNode]?
    public var mute_time_intervals: [TimeIntervalNode]?

    /// The keys Sextant understands, by part of the file. `alertmanager_configs` and the
    /// integrations' `timeout` are Sextant's own; everything else is Alertmanager 0.25's.
    public static let schema = KeySchema(objects: [
        "configuration": [
            "global": "global", "route": "route", "inhibit_rules": "inhibit rule", "receivers": "receiver",
            "time_intervals": "time interval", "mute_time_intervals": "time interval",
        ],
        "global": ["resolve_timeout": nil, "slack_api_url": nil, "pagerduty_url": nil],
        "route": [
            "receiver": nil, "group_by": nil, "continue": nil, "matchers": nil, "match": nil, "match_re": nil, "group_wait": nil,
            "group_interval": nil, "repeat_interval": nil, "mute_time_intervals": nil, "active_time_intervals": nil, "graph_inhibition": nil, "routes": "route",
        ],
        "inhibit rule": [
            "source_matchers": nil, "target_matchers": nil, "source_match": nil, "source_match_re": nil, "target_match": nil,
            "target_match_re": nil, "equal": nil,
        ],
        "receiver": [
            "name": nil, "webhook_configs": "webhook_config", "slack_configs": "slack_config", "pagerduty_configs": "pagerduty_config",
            "alertmanager_configs": "alertmanager_config",
        ],
        "webhook_config": ["url": nil, "send_resolved": nil, "max_alerts": nil, "timeout": nil],
        "slack_config": [
            "api_url": nil, "channel": nil, "username": nil, "title": nil, "text": nil, "icon_emoji": nil, "icon_url": nil, "color": nil,
            "send_resolved": nil, "timeout": nil,
        ],
        "pagerduty_config": [
            "routing_key": nil, "url": nil, "client": nil, "client_url": nil, "description": nil, "severity": nil, "class": nil,
            "component": nil, "group": nil, "details": nil, "send_resolved": nil, "timeout": nil,
        ],
        "alertmanager_config": ["url": nil, "send_resolved": nil, "timeout": nil],
        "time interval": ["name": nil, "time_intervals": "recurring interval"],
        "recurring interval": ["times": "times", "weekdays": nil, "days_of_month": nil, "months": nil, "years": nil, "location": nil],
        "times": ["start_time": nil, "end_time": nil],
    ])
}
