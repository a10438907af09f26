import Foundation
import SextantCore

/// One notification attempt, as `GET /api/v1/notifications` lists it.
public struct NotificationResponse: Codable, Sendable {
    public struct AlertSummary: Codable, Sendable {
        public var fingerprint: String
        public var alertname: String
        public var status: String
        public var labels: LabelSet

        public init(fingerprint: String, alertname: String, status: String, labels: LabelSet) {
            self.fingerprint = fingerprint
            self.alertname = alertname
            self.status = status
            self.labels = labels
        }
    }

    public var id: Int64?
    public var sentAt: Date
    public var receiver: String
    public var integration: String
    public var groupKey: String
    /// `firing` or `resolved`.
    public var status: String
    public var reason: NotificationReason
    /// `sent`, `failed`, or `recorded` (nothing to send: resolved alerts to an integration
    /// without `send_resolved`).
    public var outcome: String
    public var attempts: Int
    public var error: String?
    public var alerts: [AlertSummary]

    public init(
        id: Int64?, sentAt: Date, receiver: String, integration: String, groupKey: String, status: String,
        reason: NotificationReason, outcome: String, attempts: Int, error: String?, alerts: [AlertSummary]
    ) {
        self.id = id
        self.sentAt = sentAt
        self.receiver = receiver
        self.integration = integration
        self.groupKey = groupKey
        self.status = status
        self.reason = reason
        self.outcome = outcome
        self.attempts = attempts
        self.error = error
        self.alerts = alerts
    }
}
