import Foundation
import SextantCore

/// One notification attempt, as the history keeps it.
public struct NotificationRecord: Sendable, Equatable, Codable {
    public struct AlertSummary: Sendable, Equatable, Codable {
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

        /// Summaries as stored, as their `Codable` form with sorted keys, written directly:
        /// a notification of a large group carries thousands.
        static func storedJSON(_ summaries: [AlertSummary]) -> String {
            var json = GoJSONWriter(capacity: 160 * summaries.count)
            json.beginArray()
            for summary in summaries {
                json.beginObject()
                json.key("alertname")
                json.string(summary.alertname)
                json.key("fingerprint")
                json.string(summary.fingerprint)
                json.key("labels")
                json.map(summary.labels)
                json.key("status")
                json.string(summary.status)
                json.endObject()
            }
            json.endArray()
            return json.text
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

    public init(id: Int64? = nil, sentAt: Date, receiver: String, integration: String, groupKey: String, status: String,
                reason: NotificationReason, outcome: String, attempts: Int, error: String?, alerts: [AlertSummary]) {
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
