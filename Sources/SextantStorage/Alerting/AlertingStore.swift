import Foundation
import SextantCore

/// A rule group and where it came from.
public struct StoredRuleGroup: Sendable, Equatable {
    public var group: RuleGroup
    public var updatedAt: Date
}

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

/// Which notifications to list.
public struct NotificationQuery: Sendable {
    public var receiver: String?
    public var groupKey: String?
    public var alertname: String?
    public var outcome: String?
    public var since: Date?
    public var until: Date?
    public var limit: Int

    public init(receiver: String? = nil, groupKey: String? = nil, alertname: String? = nil, outcome: String? = nil,
                since: Date? = nil, until: Date? = nil, limit: Int = 100) {
        self.receiver = receiver
        self.groupKey = groupKey
        self.alertname = alertname
        self.outcome = outcome
        self.since = since
        self.until = until
        self.limit = limit
    }
}

/// The latest health probe of a component.
public struct ComponentHealth: Sendable, Equatable {
    public var component: String
    public var isUp: Bool
    public var latencySeconds: Double?
    public var statusCode: Int?
    public var reason: String
    public var checkedAt: Date

    public init(component: String, isUp: Bool, latencySeconds: Double?, statusCode: Int?, reason: String, checkedAt: Date) {
        self.component = component
        self.isUp = isUp
        self.latencySeconds = latencySeconds
        self.statusCode = statusCode
        self.reason = reason
        self.checkedAt = checkedAt
    }
}

/// Where alerting keeps its state.
public protocol AlertingStore: Sendable {
    // Rule groups made through the API.
    func ruleGroups() async throws -> [StoredRuleGroup]
    /// Creates or replaces a group; `true` when it was created.
    func putRuleGroup(_ group: RuleGroup, at now: Date) async throws -> Bool
    /// Deletes a group and its alerts' states; `false` when there was none.
    func deleteRuleGroup(_ name: String) async throws -> Bool

    // Rule alert states, by group, rule and fingerprint.
    func ruleAlerts() async throws -> [String: [String: [UInt64: RuleAlert]]]
    /// Replaces the states of one group's alerts.
    func saveRuleAlerts(group: String, _ alerts: [String: [UInt64: RuleAlert]]) async throws

    // The router's alerts.
    /// Alerts that end after `cutoff`.
    func alerts(endingAfter cutoff: Date) async throws -> [Alert]
    /// Stores alerts (already merged by the router), replacing those of the same fingerprints.
    func putAlerts(_ alerts: [StoredAlert]) async throws
    /// The fingerprints and update times of the alerts received (or changed) since `cutoff`
    /// by any process but `writer` (see ``StoredAlert/writer``).
    func alertStamps(updatedSince cutoff: Date, notWrittenBy writer: String) async throws -> [(fingerprint: String, updatedAt: Date)]
    func alerts(fingerprints: [String]) async throws -> [Alert]
    /// Forgets alerts that ended before `cutoff`.
    func deleteAlerts(endedBefore cutoff: Date) async throws -> Int

    // Silences.
    func silences() async throws -> [Silence]
    func silence(_ id: String) async throws -> Silence?
    /// Stores silences in one transaction (an expired predecessor with its replacement).
    func putSilences(_ silences: [Silence]) async throws
    /// Forgets silences that ended before `cutoff`.
    func deleteSilences(endedBefore cutoff: Date) async throws -> Int

    // The notification log and history.
    /// The log entries of these groups, for every receiver and integration.
    func logEntries(groupKeys: [String]) async throws -> [NotificationLogEntry]
    /// Records a delivery: its log entry (when it counts as notified) and its history row.
    func recordNotification(_ record: NotificationRecord, entry: NotificationLogEntry?) async throws
    func notifications(_ query: NotificationQuery) async throws -> [NotificationRecord]
    /// Forgets log entries and history older than `cutoff`.
    func pruneNotifications(before cutoff: Date) async throws

    // Component health.
    func componentHealth() async throws -> [ComponentHealth]
    func recordHealth(_ results: [ComponentHealth]) async throws
}

/// An alert ready to be stored: encoded by whoever received it, so that encoding runs in
/// parallel and the shared commit only writes.
public struct StoredAlert: Sendable {
    public let fingerprint: String
    public let endsAt: Date
    public let updatedAt: Date
    /// The process that received the alert: one id per process, so that replicas tell the
    /// alerts others wrote from their own.
    public let writer: String
    /// The row as SQL values, `(fingerprint, alert, ends_at, updated_at, written_by)`.
    let values: String

    public init(_ alert: Alert, writtenBy writer: String) {
        self.writer = writer
        fingerprint = alert.fingerprint.fingerprintText
        endsAt = alert.endsAt
        updatedAt = alert.updatedAt
        let json = alert.storedJSON
        var row: [UInt8] = []
        row.reserveCapacity(json.count + 64)
        row.append(UInt8(ascii: "("))
        SQLText.appendLiteral(Array(fingerprint.utf8), to: &row)
        row.append(contentsOf: ", ".utf8)
        SQLText.appendLiteral(json, to: &row)
        row.append(contentsOf: ", \(endsAt.millisecondsSince1970), \(updatedAt.millisecondsSince1970), ".utf8)
        SQLText.appendLiteral(Array(writer.utf8), to: &row)
        row.append(UInt8(ascii: ")"))
        values = String(decoding: row, as: UTF8.self)
    }
}
