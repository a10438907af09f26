import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Prometheus
import SextantCore
import SextantWire
import Synchronization

/// Delivers notifications over HTTP: one attempt per integration timeout, retried with
/// doubling backoff (network errors, 5xx and 429) until the group's next flush is due.
final class NotificationSender: Sendable {
    /// How a delivery ended.
    struct Delivery: Sendable {
        var succeeded: Bool
        var attempts: Int
        var error: String?
    }

    private let registry: PrometheusCollectorRegistry
    private let transport: any HTTPTransport
    private let counters = Mutex<[String: Counter]>([:])
    private let logger: Logger
    /// The first retry's wait; doubled after each failure, up to `maximumBackoff`.
    let initialBackoff: Duration
    let maximumBackoff: Duration

    init(registry: PrometheusCollectorRegistry, transport: any HTTPTransport, logger: Logger, initialBackoff: Duration = .milliseconds(500),
         maximumBackoff: Duration = .seconds(30)) {
        self.registry = registry
        self.transport = transport
        self.logger = logger
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }

    /// Counts one delivery as `sextant_notifications_total{receiver, integration, outcome}`.
    func count(receiver: String, integration: String, outcome: String) {
        let key = "\(receiver)\u{0}\(integration)\u{0}\(outcome)"
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.counter("sextant_notifications_total", labels: [
                ("receiver", receiver), ("integration", integration), ("outcome", outcome),
            ])
            counters[key] = counter
            return counter
        }
        counter.increment()
    }

    /// Sends `notification` through `integration`, retrying until the group's next flush is
    /// due, `groupInterval` later (when forwarding, also how often firing alerts are re-sent).
    func deliver(_ notification: AlertNotification, through integration: Integration, groupInterval: TimeInterval) async -> Delivery {
        let budget = Duration.milliseconds(Int64(groupInterval * 1000))
        let body: Data
        let url: URL
        do {
            switch integration.kind {
            case .webhook(let target, _):
                url = target
                body = notification.webhookBody()
            case .slack(let target, let message):
                url = target
                body = try notification.slackBody(message)
            case .pagerDuty(let target, let event):
                url = target
                body = try notification.pagerDutyBody(event)
            case .alertmanager(let base):
                url = base.appendingPathComponent("api/v2/alerts")
                body = try notification.alertmanagerBody(resendInterval: groupInterval)
            }
        } catch {
            return Delivery(succeeded: false, attempts: 0, error: "cannot build the body: \(error)")
        }
        let started = ContinuousClock.now
        var backoff = initialBackoff
        var attempts = 0
        while true {
            attempts += 1
            let outcome = await attempt(url: url, body: body, timeout: integration.timeout)
            switch outcome {
            case .success:
                return Delivery(succeeded: true, attempts: attempts, error: nil)
            case .failure(let message, let retryable):
                let elapsed = ContinuousClock.now - started
                guard retryable, elapsed + backoff < budget else {
                    logger.warning("notification failed", metadata: [
                        "receiver": "\(notification.receiver)", "integration": "\(integration.name)", "attempts": "\(attempts)", "error": "\(message)",
                    ])
                    return Delivery(succeeded: false, attempts: attempts, error: message)
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, maximumBackoff)
            }
        }
    }

    private enum Attempt {
        case success
        case failure(String, retryable: Bool)
    }

    private func attempt(url: URL, body: Data, timeout: TimeInterval) async -> Attempt {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("User-Agent", "Sextant/\(SextantVersion.current)")]
        if let user = url.user {
            let credentials = Data("\(user):\(url.password ?? "")".utf8).base64EncodedString()
            headers.append(("Authorization", "Basic \(credentials)"))
        }
        let request = OutboundRequest(method: "POST", url: url, headers: headers, body: Array(body), timeout: .milliseconds(Int64(timeout * 1000)))
        do {
            let response = try await transport.send(request)
            let text = String(decoding: response.body, as: UTF8.self)
            let code = response.status
            if (200..<300).contains(code) { return .success }
            let detail = "HTTP \(code)" + (text.isEmpty ? "" : ": \(text.prefix(200))")
            return .failure(detail, retryable: code >= 500 || code == 429)
        } catch {
            return .failure("\(error)", retryable: true)
        }
    }
}
