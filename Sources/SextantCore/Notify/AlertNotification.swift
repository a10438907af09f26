import Foundation

/// One notification of a group to a receiver: the alerts sent and everything templates and
/// bodies are made of, as Alertmanager's template data.
public struct AlertNotification: Sendable, Equatable {
    public var receiver: String
    public var groupKey: String
    public var groupLabels: LabelSet
    public var alerts: [Alert]
    public var externalURL: String
    /// Alerts left out by the integration's `max_alerts`.
    public var truncatedAlerts: Int
    /// When it is sent: decides which alerts are firing.
    public var at: Date

    public init(receiver: String, groupKey: String, groupLabels: LabelSet, alerts: [Alert], externalURL: String, truncatedAlerts: Int = 0, at: Date) {
        self.receiver = receiver
        self.groupKey = groupKey
        self.groupLabels = groupLabels
        self.alerts = alerts
        self.externalURL = externalURL
        self.truncatedAlerts = truncatedAlerts
        self.at = at
    }

    public var firing: [Alert] { alerts.filter { !$0.isResolved(at: at) } }
    public var resolved: [Alert] { alerts.filter { $0.isResolved(at: at) } }
    /// `firing` when any alert fires, else `resolved`.
    public var status: String { firing.isEmpty ? "resolved" : "firing" }

    /// Labels every alert has with the same value.
    public var commonLabels: LabelSet { Self.common(alerts.map(\.labels)) }
    public var commonAnnotations: [String: String] { Self.common(alerts.map(\.annotations)) }

    static func common(_ sets: [[String: String]]) -> [String: String] {
        guard var result = sets.first else { return [:] }
        for set in sets.dropFirst() { result = result.filter { set[$0.key] == $0.value } }
        return result
    }

    func status(of alert: Alert) -> String { alert.isResolved(at: at) ? "resolved" : "firing" }

    /// Alertmanager's template data: `.Status`, `.Alerts`, `.GroupLabels`, …
    public var templateData: TemplateValue {
        .map([
            "Receiver": .string(receiver), "Status": .string(status),
            "Alerts": .list(alerts.map { alert in
                .map([
                    "Status": .string(status(of: alert)), "Labels": .strings(alert.labels), "Annotations": .strings(alert.annotations),
                    "StartsAt": .string(GoTime.format(alert.startsAt)), "EndsAt": .string(endsAt(of: alert)),
                    "GeneratorURL": .string(alert.generatorURL), "Fingerprint": .string(alert.labels.fingerprintText),
                ])
            }),
            "GroupLabels": .strings(groupLabels), "CommonLabels": .strings(commonLabels), "CommonAnnotations": .strings(commonAnnotations),
            "ExternalURL": .string(externalURL),
        ])
    }

    /// Firing alerts carry Go's zero time as their end, as Alertmanager sends them.
    func endsAt(of alert: Alert) -> String {
        alert.isResolved(at: at) ? GoTime.format(alert.endsAt) : GoTime.zero
    }
}

/// The bodies each integration posts.
extension AlertNotification {
    /// Alertmanager's version 4 webhook body, byte for byte as Alertmanager 0.25 writes it.
    public func webhookBody() -> Data {
        var json = GoJSONWriter(capacity: 512 * (alerts.count + 1))
        json.beginObject()
        json.key("receiver")
        json.string(receiver)
        json.key("status")
        json.string(status)
        json.key("alerts")
        json.beginArray()
        for alert in alerts {
            json.beginObject()
            json.key("status")
            json.string(status(of: alert))
            json.key("labels")
            json.map(alert.labels)
            json.key("annotations")
            json.map(alert.annotations)
            json.key("startsAt")
            json.string(GoTime.format(alert.startsAt))
            json.key("endsAt")
            json.string(endsAt(of: alert))
            json.key("generatorURL")
            json.string(alert.generatorURL)
            json.key("fingerprint")
            json.string(alert.fingerprint.fingerprintText)
            json.endObject()
        }
        json.endArray()
        for (name, pairs) in [("groupLabels", groupLabels), ("commonLabels", commonLabels), ("commonAnnotations", commonAnnotations)] {
            json.key(name)
            json.map(pairs)
        }
        json.key("externalURL")
        json.string(externalURL)
        json.key("version")
        json.string("4")
        json.key("groupKey")
        json.string(groupKey)
        json.key("truncatedAlerts")
        json.integer(truncatedAlerts)
        json.endObject()
        return json.encoded
    }

    struct SlackAttachment: Encodable {
        var title: String
        var title_link: String
        var text: String
        var fallback: String
        var color: String
        var mrkdwn_in = ["fallback", "pretext", "text"]
    }

    struct SlackBody: Encodable {
        var channel: String?
        var username: String?
        var icon_emoji: String?
        var icon_url: String?
        var attachments: [SlackAttachment]
    }

    /// A Slack incoming-webhook message with one attachment, as Alertmanager builds it.
    public func slackBody(_ message: SlackMessage) throws -> Data {
        let data = templateData
        let title = try Template(message.title).render(dot: data)
        let color = try message.color.map { try Template($0).render(dot: data) } ?? (status == "firing" ? "danger" : "good")
        return try Self.encoder.encode(SlackBody(
            channel: message.channel, username: message.username, icon_emoji: message.iconEmoji, icon_url: message.iconURL,
            attachments: [SlackAttachment(title: title, title_link: externalURL, text: try Template(message.text).render(dot: data),
                                          fallback: title, color: color)]
        ))
    }

    struct PagerDutyPayload: Encodable {
        var summary: String
        var source: String
        var severity: String
        var `class`: String?
        var component: String?
        var group: String?
        var custom_details: [String: String]
    }

    struct PagerDutyBody: Encodable {
        var routing_key: String
        var event_action: String
        var dedup_key: String
        var payload: PagerDutyPayload?
        var client: String?
        var client_url: String?
    }

    /// A PagerDuty Events API v2 event: `trigger` while any alert fires, else `resolve`; the
    /// dedup key is the SHA-256 of the group key, as Alertmanager's.
    /// Alertmanager's `__text_alert_list` template: each alert's labels, annotations and source.
    static func textAlertList(_ alerts: [Alert]) -> String {
        alerts.map { alert in
            "Labels:\n" + alert.labels.keys.sorted(by: String.byteOrder).map { " - \($0) = \(alert.labels[$0]!)\n" }.joined()
                + "Annotations:\n" + alert.annotations.keys.sorted(by: String.byteOrder).map { " - \($0) = \(alert.annotations[$0]!)\n" }.joined()
                + "Source: \(alert.generatorURL)\n"
        }.joined()
    }

    public func pagerDutyBody(_ event: PagerDutyEvent) throws -> Data {
        let data = templateData
        let trigger = status == "firing"
        var payload: PagerDutyPayload? = nil
        if trigger {
            var details = try event.details.mapValues { try Template($0).render(dot: data) }
            details["firing"] = details["firing"] ?? Self.textAlertList(firing)
            details["num_firing"] = details["num_firing"] ?? String(firing.count)
            details["num_resolved"] = details["num_resolved"] ?? String(resolved.count)
            var summary = try Template(event.description).render(dot: data)
            if summary.count > 1024 { summary = String(summary.prefix(1023)) + "…" }
            payload = PagerDutyPayload(summary: summary, source: event.client, severity: try Template(event.severity).render(dot: data),
                                       class: event.eventClass, component: event.component, group: event.group, custom_details: details)
        }
        return try Self.encoder.encode(PagerDutyBody(
            routing_key: event.routingKey, event_action: trigger ? "trigger" : "resolve", dedup_key: SHA256.hex(groupKey),
            payload: payload, client: trigger ? event.client : nil, client_url: trigger ? event.clientURL : nil
        ))
    }

    struct PostableAlert: Encodable {
        var labels: LabelSet
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String
        var generatorURL: String
    }

    /// The alerts as another Alertmanager's `POST /api/v2/alerts` takes them. Resolved alerts
    /// carry their own end. Firing ones are re-sent at every flush, `resendInterval` apart,
    /// and carry an end at least four intervals ahead (as Prometheus sends four resend delays
    /// ahead), so that the peer keeps them between re-sends and resolves them on its own only
    /// if Sextant stops sending.
    public func alertmanagerBody(resendInterval: TimeInterval) throws -> Data {
        let keptUntil = at.addingTimeInterval(4 * resendInterval)
        return try Self.encoder.encode(alerts.map {
            PostableAlert(labels: $0.labels, annotations: $0.annotations, startsAt: GoTime.format($0.startsAt),
                          endsAt: GoTime.format($0.isResolved(at: at) ? $0.endsAt : max($0.endsAt, keptUntil)), generatorURL: $0.generatorURL)
        })
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
