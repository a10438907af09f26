import Foundation
import Logging
import Prometheus
import SextantCore
import SextantOutbound
import SextantWire
import SextantTestSupport
import Testing
@testable import SextantServer

/// Deliveries to real HTTP endpoints on loopback: retries with backoff within the budget, and
/// the bodies of the Slack and Alertmanager integrations.
@Suite("Notification delivery")
struct NotificationSenderTests {
    static let now = Date()

    static var notification: AlertNotification {
        AlertNotification(
            receiver: "team", groupKey: #"{}:{alertname="HighLatency"}"#, groupLabels: ["alertname": "HighLatency"],
            alerts: [Alert(labels: ["alertname": "HighLatency", "service": "api-service"], annotations: ["summary": "api-service is slow"],
                           startsAt: now.addingTimeInterval(-60), endsAt: now.addingTimeInterval(240), updatedAt: now)],
            externalURL: "http://sextant", at: now
        )
    }

    @Test func failedAttemptsAreRetriedWithBackoffUntilOneSucceeds() async throws {
        let sink = WebhookSink(clock: SystemClock())
        try await sink.serve { url in
            let registry = PrometheusCollectorRegistry()
            let sender = NotificationSender(registry: registry, transport: LiveHTTPTransport(), logger: .quiet, initialBackoff: .milliseconds(50))
            sink.failNext(2)
            let webhook = Integration(kind: .webhook(url: URL(string: url + "/hook")!, maxAlerts: 0), index: 0, sendResolved: true, timeout: 10)
            let delivered = await sender.deliver(Self.notification, through: webhook, groupInterval: 30)
            #expect(delivered.succeeded && delivered.attempts == 3)
            #expect(sink.received(at: "/hook").count == 3)
            #expect(sink.received(at: "/hook").last?.body["version"] as? String == "4")

            // A budget shorter than the next backoff ends the retries with the last error.
            sink.failNext(100)
            let slow = NotificationSender(registry: registry, transport: LiveHTTPTransport(), logger: .quiet, initialBackoff: .seconds(2))
            let failed = await slow.deliver(Self.notification, through: webhook, groupInterval: 1)
            #expect(!failed.succeeded && failed.attempts == 1 && failed.error?.hasPrefix("HTTP 503") == true)
            sink.failNext(0)

            let slack = Integration(kind: .slack(url: URL(string: url + "/slack")!, message: SlackMessage(channel: "#alerts")), index: 0, sendResolved: false)
            #expect(await sender.deliver(Self.notification, through: slack, groupInterval: 1).succeeded)
            let message = try #require(sink.received(at: "/slack").first?.body)
            #expect(message["channel"] as? String == "#alerts")
            let attachment = try #require((message["attachments"] as? [[String: Any]])?.first)
            #expect(attachment["title"] as? String == "[FIRING:1] HighLatency" && attachment["text"] as? String == "api-service is slow\n")
            #expect(attachment["color"] as? String == "danger")

            let forward = Integration(kind: .alertmanager(url: URL(string: url)!), index: 0, sendResolved: true)
            #expect(await sender.deliver(Self.notification, through: forward, groupInterval: 1).succeeded)
            let posted = try #require(sink.received(at: "/api/v2/alerts").first)
            let alerts = try #require(try JSONSerialization.jsonObject(with: posted.data) as? [[String: Any]])
            #expect(alerts.count == 1 && (alerts[0]["labels"] as? [String: String])?["service"] == "api-service")
            #expect(alerts[0]["endsAt"] as? String == GoTime.format(Self.now.addingTimeInterval(240)))

            sender.count(receiver: "team", integration: "webhook", outcome: "sent")
            var buffer = [UInt8]()
            registry.emit(into: &buffer)
            #expect(String(decoding: buffer, as: UTF8.self).contains(#"sextant_notifications_total{receiver="team",integration="webhook",outcome="sent"} 1"#))
        }
    }

    @Test func anUnreachableReceiverFailsWithTheReason() async {
        let sender = NotificationSender(registry: PrometheusCollectorRegistry(), transport: LiveHTTPTransport(), logger: .quiet, initialBackoff: .milliseconds(10))
        let webhook = Integration(kind: .webhook(url: URL(string: "http://127.0.0.1:9/hook")!, maxAlerts: 0), index: 0, sendResolved: true, timeout: 1)
        let delivery = await sender.deliver(Self.notification, through: webhook, groupInterval: 0.2)
        #expect(!delivery.succeeded && delivery.attempts >= 1 && delivery.error?.isEmpty == false)
    }
}
