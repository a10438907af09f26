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
