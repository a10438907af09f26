import Foundation
import SextantCore

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
    /// Writes and deletes states of one group's alerts; its other alerts' states stay as stored.
    func saveRuleAlertChanges(group: String, _ changes: RuleAlertRecording.Changes) async throws

    // The router's alerts.
    /// Alerts that end after `cutoff`.
    func alerts(endingAfter cutoff: Date) async throws -> [Alert]
    /// Stores alerts (already merged by the router), replacing those of the same fingerprints.
    func putAlerts(_ alerts: [StoredAlert]) async throws
    /// Whether ``putAlerts(_:)`` writes rows as SQL literal values, which ``StoredAlert`` then
    /// encodes ahead of the commit, by whoever received the alert.
    var writesAlertsAsLiterals: Bool { get }
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
