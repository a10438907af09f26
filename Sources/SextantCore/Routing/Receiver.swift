import Foundation

/// A named receiver and the integrations it notifies.
public struct Receiver: Sendable, Equatable {
    public var name: String
    public var integrations: [Integration]

    public init(name: String, integrations: [Integration]) {
        self.name = name
        self.integrations = integrations
    }

    init(_ node: AlertmanagerConfigFile.ReceiverNode, global: AlertmanagerConfigFile.Global?, field: String) throws {
        guard let name = node.name, !name.isEmpty else { throw ValidationError(message: "a receiver needs a name", field: field + ".name") }
        self.name = name
        var integrations: [Integration] = []
        func timeout(_ text: String?, _ path: String) throws -> TimeInterval {
            try DurationText.seconds(text, field: path + ".timeout") ?? Integration.defaultTimeout
        }
        for (index, webhook) in (node.webhook_configs ?? []).enumerated() {
            let path = field + ".webhook_configs[\(index)]"
            let url = try Self.url(webhook.url, path + ".url")
            guard (webhook.max_alerts ?? 0) >= 0 else { throw ValidationError(message: "max_alerts cannot be negative", field: path + ".max_alerts") }
            integrations.append(Integration(kind: .webhook(url: url, maxAlerts: webhook.max_alerts ?? 0), index: index,
                                            sendResolved: webhook.send_resolved ?? true, timeout: try timeout(webhook.timeout, path)))
        }
        for (index, slack) in (node.slack_configs ?? []).enumerated() {
            let path = field + ".slack_configs[\(index)]"
            guard let text = slack.api_url ?? global?.slack_api_url else {
                throw ValidationError(message: "no api_url given and no global slack_api_url set", field: path + ".api_url")
            }
            let message = SlackMessage(channel: slack.channel, username: slack.username, title: slack.title ?? SlackMessage.defaultTitle,
                                       text: slack.text ?? SlackMessage.defaultText, iconEmoji: slack.icon_emoji, iconURL: slack.icon_url,
                                       color: slack.color)
            integrations.append(Integration(kind: .slack(url: try Self.url(text, path + ".api_url"), message: message), index: index,
                                            sendResolved: slack.send_resolved ?? false, timeout: try timeout(slack.timeout, path)))
        }
        for (index, pagerDuty) in (node.pagerduty_configs ?? []).enumerated() {
            let path = field + ".pagerduty_configs[\(index)]"
            guard let key = pagerDuty.routing_key, !key.isEmpty else {
                throw ValidationError(message: "routing_key is required (the Events API v2 integration key)", field: path + ".routing_key")
            }
            let url = try Self.url(pagerDuty.url ?? global?.pagerduty_url ?? "https://events.pagerduty.com/v2/enqueue", path + ".url")
            let event = PagerDutyEvent(routingKey: key, description: pagerDuty.description ?? PagerDutyEvent.defaultDescription,
                                       severity: pagerDuty.severity ?? "error", client: pagerDuty.client ?? "Sextant",
                                       clientURL: pagerDuty.client_url ?? "", eventClass: pagerDuty.class, component: pagerDuty.component,
                                       group: pagerDuty.group, details: pagerDuty.details ?? [:])
            integrations.append(Integration(kind: .pagerDuty(url: url, event: event), index: index,
                                            sendResolved: pagerDuty.send_resolved ?? true, timeout: try timeout(pagerDuty.timeout, path)))
        }
        for (index, forward) in (node.alertmanager_configs ?? []).enumerated() {
            let path = field + ".alertmanager_configs[\(index)]"
            integrations.append(Integration(kind: .alertmanager(url: try Self.url(forward.url, path + ".url")), index: index,
                                            sendResolved: forward.send_resolved ?? true, timeout: try timeout(forward.timeout, path)))
        }
        self.integrations = integrations
    }

    private static func url(_ text: String?, _ field: String) throws -> URL {
        guard let text, !text.isEmpty else { throw ValidationError(message: "a URL is required", field: field) }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw ValidationError(message: "\(Quoted.prefix(text)) is not an http or https URL", field: field)
        }
        return url
    }
}

/// One way a receiver is notified.
public struct Integration: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Alertmanager's version 4 webhook body; `maxAlerts` 0 sends every alert.
        case webhook(url: URL, maxAlerts: Int)
        case slack(url: URL, message: SlackMessage)
        case pagerDuty(url: URL, event: PagerDutyEvent)
        /// Another Alertmanager's `POST /api/v2/alerts`.
        case alertmanager(url: URL)
    }

    public static let defaultTimeout: TimeInterval = 10

    public var kind: Kind
    /// Its position among the receiver's integrations of the same kind.
    public var index: Int
    public var sendResolved: Bool
    /// How long one attempt may take.
    public var timeout: TimeInterval

    public init(kind: Kind, index: Int, sendResolved: Bool, timeout: TimeInterval = Integration.defaultTimeout) {
        self.kind = kind
        self.index = index
        self.sendResolved = sendResolved
        self.timeout = timeout
    }

    /// `webhook`, `slack`, `pagerduty` or `alertmanager`.
    public var typeName: String {
        switch kind {
        case .webhook: return "webhook"
        case .slack: return "slack"
        case .pagerDuty: return "pagerduty"
        case .alertmanager: return "alertmanager"
        }
    }

    /// Whether firing alerts are sent at every flush: an Alertmanager forwarded to resolves
    /// an alert at its `endsAt` unless it hears of it again, as from Prometheus.
    public var resendsFiring: Bool {
        if case .alertmanager = kind { return true }
        return false
    }

    /// `webhook[0]`: the integration's name in the notification log and history.
    public var name: String { "\(typeName)[\(index)]" }
}

/// What a Slack message says, as templates over the notification.
public struct SlackMessage: Sendable, Equatable {
    public var channel: String?
    public var username: String?
    public var title: String
    public var text: String
    public var iconEmoji: String?
    public var iconURL: String?
    public var color: String?

    public init(channel: String? = nil, username: String? = nil, title: String = SlackMessage.defaultTitle, text: String = SlackMessage.defaultText,
                iconEmoji: String? = nil, iconURL: String? = nil, color: String? = nil) {
        self.channel = channel
        self.username = username
        self.title = title
        self.text = text
        self.iconEmoji = iconEmoji
        self.iconURL = iconURL
        self.color = color
    }

    public static let defaultTitle = "[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .GroupLabels.SortedPairs.Values | join \" \" }}"
    public static let defaultText = "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}"
}

/// What a PagerDuty event carries besides the alerts.
public struct PagerDutyEvent: Sendable, Equatable {
    public var routingKey: String
    public var description: String
    public var severity: String
    public var client: String
    public var clientURL: String
    public var eventClass: String?
    public var component: String?
    public var group: String?
    public var details: [String: String]

    public init(routingKey: String, description: String = PagerDutyEvent.defaultDescription, severity: String = "error", client: String = "Sextant",
                clientURL: String = "", eventClass: String? = nil, component: String? = nil, group: String? = nil, details: [String: String] = [:]) {
        self.routingKey = routingKey
        self.description = description
        self.severity = severity
        self.client = client
        self.clientURL = clientURL
        self.eventClass = eventClass
        self.component = component
        self.group = group
        self.details = details
    }

    public static let defaultDescription = "[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .GroupLabels.SortedPairs.Values | join \" \" }}"
}
