import Foundation

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
