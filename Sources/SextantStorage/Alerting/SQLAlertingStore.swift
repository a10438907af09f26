import Foundation
import SextantCore
import SQLKit

/// Alerting state over any ``SQLEngine``.
public struct SQLAlertingStore: AlertingStore {
    let engine: any SQLEngine

    public init(engine: any SQLEngine) {
        self.engine = engine
    }

    static func json<Value: Encodable>(_ value: Value) throws -> String {
        try json(value, with: encoder())
    }

    /// `value` as JSON text, with an encoder made once for many values.
    static func json<Value: Encodable>(_ value: Value, with encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The encoder of the JSON columns: keys sorted, dates in milliseconds.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }

    static func value<Value: Decodable>(_ type: Value.Type, from row: any SQLRow, column: String) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try decoder.decode(type, from: Data(try row.decode(column: column, as: String.self).utf8))
    }

    // MARK: Rule groups

    public func ruleGroups() async throws -> [StoredRuleGroup] {
        try await engine.read { database in
            let rows = try await database.raw("SELECT definition, updated_at FROM rule_groups ORDER BY name").all()
            return engine.unreadableRows.reading(rows, table: "rule_groups") { row in
                StoredRuleGroup(group: try Self.value(RuleGroup.self, from: row, column: "definition"),
                                updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at", as: Int64.self)))
            }
        }
    }

    public func putRuleGroup(_ group: RuleGroup, at now: Date) async throws -> Bool {
        let definition = try Self.json(group)
        return try await engine.write { database in
            let existing = try await database.raw("SELECT definition FROM rule_groups WHERE name = \(bind: group.name)").first()
            try await database.raw("""
                INSERT INTO rule_groups (name, definition, updated_at) VALUES (\(bind: group.name), \(bind: definition), \(bind: now.millisecondsSince1970)) \
                ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at
                """).run()
            return existing == nil
        }
    }

    public func deleteRuleGroup(_ name: String) async throws -> Bool {
        try await engine.write { database in
            try await database.raw("DELETE FROM rule_alerts WHERE group_name = \(bind: name)").run()
            return try await database.raw("DELETE FROM rule_groups WHERE name = \(bind: name) RETURNING name").first() != nil
        }
    }

    // MARK: Rule alert states

    public func ruleAlerts() async throws -> [String: [String: [UInt64: RuleAlert]]] {
        try await engine.read { database in
            var result: [String: [String: [UInt64: RuleAlert]]] = [:]
            let rows = try await database.raw("SELECT group_name, rule, alert FROM rule_alerts").all()
            let alerts = engine.unreadableRows.reading(rows, table: "rule_alerts") { row in
                (group: try row.decode(column: "group_name", as: String.self), rule: try row.decode(column: "rule", as: String.self),
                 alert: try Self.value(RuleAlert.self, from: row, column: "alert"))
            }
            for (group, rule, alert) in alerts { result[group, default: [:]][rule, default: [:]][alert.labels.fingerprint] = alert }
            return result
        }
    }

    public func saveRuleAlertChanges(group: String, _ changes: RuleAlertRecording.Changes) async throws {
        guard !changes.isEmpty else { return }
        let encoder = Self.encoder()
        let rows: [[any Encodable & Sendable]] = try changes.writes.flatMap { rule, byFingerprint in
            try byFingerprint.map { [group, rule, $0.value.labels.fingerprintText, try Self.json($0.value, with: encoder)] }
        }
        try await engine.write { database in
            for (rule, fingerprints) in changes.deletes {
                for batch in fingerprints.map(\.fingerprintText).chunked(into: 1_000) {
                    try await database.raw("""
                        DELETE FROM rule_alerts WHERE group_name = \(bind: group) AND rule = \(bind: rule) AND fingerprint IN (\(binds: batch.map { $0 }))
                        """).run()
                }
            }
            // Many rows a statement: a group of thousands of alerts is a few statements, not thousands.
            try await BulkInsert(table: "rule_alerts", columns: ["group_name", "rule", "fingerprint", "alert"],
                                 suffix: "ON CONFLICT (group_name, rule, fingerprint) DO UPDATE SET alert = excluded.alert").run(rows, on: database)
        }
    }

    // MARK: Alerts

    /// An alert row's alert: read directly, or through `Codable` when written differently.
    static func alert(from row: any SQLRow) throws -> Alert {
        let text = try row.decode(column: "alert", as: String.self)
        if let alert = Alert(storedJSON: Array(text.utf8)) { return alert }
        return try value(Alert.self, from: row, column: "alert")
    }

    public func alerts(endingAfter cutoff: Date) async throws -> [Alert] {
        try await engine.read { database in
            let rows = try await database.raw("SELECT alert FROM alerts WHERE ends_at > \(bind: cutoff.millisecondsSince1970) ORDER BY fingerprint").all()
            return engine.unreadableRows.reading(rows, table: "alerts", Self.alert)
        }
    }

    /// Stores alerts in one transaction, replacing older versions of the same fingerprints
    /// (a newer one already stored stays, so concurrent writes may commit in any order).
    public var writesAlertsAsLiterals: Bool { engine.kind == .sqlite }

    /// One statement per few thousand alerts: on SQLite with the values written into its text as
    /// SQL literals (binding four values per alert one by one costs more than the write itself),
    /// on PostgreSQL with each column bound as one array. Rows go in fingerprint order, so that
    /// concurrent writes lock them in the same order.
    public func putAlerts(_ alerts: [StoredAlert]) async throws {
        guard !alerts.isEmpty else { return }
        var latest: [String: StoredAlert] = [:]
        for alert in alerts where latest[alert.fingerprint].map({ $0.updatedAt <= alert.updatedAt }) ?? true { latest[alert.fingerprint] = alert }
        let asLiterals = writesAlertsAsLiterals
        let batches = latest.values.sorted { $0.fingerprint < $1.fingerprint }.chunked(into: asLiterals ? 2_000 : 10_000)
        let statements = batches.map { asLiterals ? Self.upsertLiterals($0) : Self.upsertBound($0) }
        guard statements.count > 1 else {
            // One statement is atomic by itself: no BEGIN and COMMIT to wait for.
            try await engine.writeStatement(statements[0])
            return
        }
        try await engine.write { database in
            for statement in statements { try await database.raw(statement).run() }
        }
    }

    private static let upsertAlertsConflict = " ON CONFLICT (fingerprint) DO UPDATE SET alert = excluded.alert, ends_at = excluded.ends_at,"
        + " updated_at = excluded.updated_at, written_by = excluded.written_by WHERE alerts.updated_at <= excluded.updated_at"

    /// One upsert with the rows written as literal values: SQLite parses them faster than it binds.
    private static func upsertLiterals(_ batch: ArraySlice<StoredAlert>) -> SQLQueryString {
        SQLQueryString("INSERT INTO alerts (fingerprint, alert, ends_at, updated_at, written_by) VALUES "
            + batch.map(\.values).joined(separator: ", ") + upsertAlertsConflict)
    }

    /// One upsert with each column bound as an array (PostgreSQL): five binds, whatever the
    /// rows, so PostgreSQL parses a short statement instead of every row's text.
    private static func upsertBound(_ batch: ArraySlice<StoredAlert>) -> SQLQueryString {
        var query = SQLQueryString("INSERT INTO alerts (fingerprint, alert, ends_at, updated_at, written_by) SELECT * FROM unnest(")
        query.appendInterpolation(bind: batch.map(\.fingerprint))
        query.appendLiteral("::text[], ")
        query.appendInterpolation(bind: batch.map(\.jsonText))
        query.appendLiteral("::text[], ")
        query.appendInterpolation(bind: batch.map(\.endsAt.millisecondsSince1970))
        query.appendLiteral("::bigint[], ")
        query.appendInterpolation(bind: batch.map(\.updatedAt.millisecondsSince1970))
        query.appendLiteral("::bigint[], ")
        query.appendInterpolation(bind: batch.map(\.writer))
        query.appendLiteral("::text[])" + upsertAlertsConflict)
        return query
    }

    public func alertStamps(updatedSince cutoff: Date, notWrittenBy writer: String) async throws -> [(fingerprint: String, updatedAt: Date)] {
        try await engine.read { database in
            try await database.raw("""
                SELECT fingerprint, updated_at FROM alerts WHERE updated_at >= \(bind: cutoff.millisecondsSince1970) AND written_by <> \(bind: writer)
                """).all().map {
                (try $0.decode(column: "fingerprint", as: String.self), Date(millisecondsSince1970: try $0.decode(column: "updated_at", as: Int64.self)))
            }
        }
    }

    public func alerts(fingerprints: [String]) async throws -> [Alert] {
        try await engine.read { database in
            var alerts: [Alert] = []
            for batch in fingerprints.chunked(into: 2_000) {
                let rows = try await database.raw("SELECT alert FROM alerts WHERE fingerprint IN (\(binds: batch.map { $0 }))").all()
                alerts += engine.unreadableRows.reading(rows, table: "alerts", Self.alert)
            }
            return alerts
        }
    }

    public func deleteAlerts(endedBefore cutoff: Date) async throws -> Int {
        try await engine.write { database in
            try await database.raw("DELETE FROM alerts WHERE ends_at < \(bind: cutoff.millisecondsSince1970) RETURNING fingerprint").all().count
        }
    }

    // MARK: Silences

    public func silences() async throws -> [Silence] {
        try await engine.read { database in
            let rows = try await database.raw("SELECT silence FROM silences ORDER BY id").all()
            return engine.unreadableRows.reading(rows, table: "silences") { try Self.value(Silence.self, from: $0, column: "silence") }
        }
    }

    public func silence(_ id: String) async throws -> Silence? {
        try await engine.read { database in
            let rows = try await database.raw("SELECT silence FROM silences WHERE id = \(bind: id)").all()
            return engine.unreadableRows.reading(rows, table: "silences") { try Self.value(Silence.self, from: $0, column: "silence") }.first
        }
    }

    public func putSilences(_ silences: [Silence]) async throws {
        let rows = try silences.map { ($0, try Self.json($0)) }
        try await engine.write { database in
            for (silence, text) in rows {
                try await database.raw("""
                    INSERT INTO silences (id, silence, ends_at) VALUES (\(bind: silence.id), \(bind: text), \(bind: silence.endsAt.millisecondsSince1970)) \
                    ON CONFLICT (id) DO UPDATE SET silence = excluded.silence, ends_at = excluded.ends_at
                    """).run()
            }
        }
    }

    public func deleteSilences(endedBefore cutoff: Date) async throws -> Int {
        try await engine.write { database in
            try await database.raw("DELETE FROM silences WHERE ends_at < \(bind: cutoff.millisecondsSince1970) RETURNING id").all().count
        }
    }

    // MARK: Notifications

    public func logEntries(groupKeys: [String]) async throws -> [NotificationLogEntry] {
        try await engine.read { database in
            var entries: [NotificationLogEntry] = []
            for batch in Set(groupKeys).sorted().chunked(into: 500) {
                let rows = try await database.raw("SELECT entry FROM notification_log WHERE group_key IN (\(binds: batch.map { $0 }))").all()
                entries += engine.unreadableRows.reading(rows, table: "notification_log") {
                    try Self.value(NotificationLogEntry.self, from: $0, column: "entry")
                }
            }
            return entries
        }
    }

    public func recordNotification(_ record: NotificationRecord, entry: NotificationLogEntry?) async throws {
        let alerts = NotificationRecord.AlertSummary.storedJSON(record.alerts)
        let names = "," + Set(record.alerts.map(\.alertname)).sorted().joined(separator: ",") + ","
        let entryText = try entry.map(Self.json)
        try await engine.write { database in
            if let entry, let entryText {
                try await database.raw("""
                    INSERT INTO notification_log (group_key, receiver, integration, entry, sent_at) \
                    VALUES (\(bind: entry.groupKey), \(bind: entry.receiver), \(bind: entry.integration), \(bind: entryText), \(bind: entry.sentAt.millisecondsSince1970)) \
                    ON CONFLICT (group_key, receiver, integration) DO UPDATE SET entry = excluded.entry, sent_at = excluded.sent_at
                    """).run()
            }
            try await database.raw("""
                INSERT INTO notifications (sent_at, receiver, integration, group_key, status, reason, outcome, attempts, error, alert_names, alerts) \
                VALUES (\(bind: record.sentAt.millisecondsSince1970), \(bind: record.receiver), \(bind: record.integration), \(bind: record.groupKey), \
                \(bind: record.status), \(bind: record.reason.rawValue), \(bind: record.outcome), \(bind: record.attempts), \(bind: record.error), \
                \(bind: names), \(bind: alerts))
                """).run()
        }
    }

    public func notifications(_ query: NotificationQuery) async throws -> [NotificationRecord] {
        try await engine.read { database in
            var sql = SQLQueryString("SELECT id, sent_at, receiver, integration, group_key, status, reason, outcome, attempts, error, alerts FROM notifications WHERE 1 = 1")
            if let receiver = query.receiver { sql.appendLiteral(" AND receiver = "); sql.appendInterpolation(bind: receiver) }
            if let groupKey = query.groupKey { sql.appendLiteral(" AND group_key = "); sql.appendInterpolation(bind: groupKey) }
            if let outcome = query.outcome { sql.appendLiteral(" AND outcome = "); sql.appendInterpolation(bind: outcome) }
            if let alertname = query.alertname { sql.appendLiteral(" AND alert_names LIKE "); sql.appendInterpolation(bind: "%," + alertname + ",%") }
            if let since = query.since { sql.appendLiteral(" AND sent_at >= "); sql.appendInterpolation(bind: since.millisecondsSince1970) }
            if let until = query.until { sql.appendLiteral(" AND sent_at < "); sql.appendInterpolation(bind: until.millisecondsSince1970) }
            sql.appendLiteral(" ORDER BY id DESC LIMIT ")
            sql.appendInterpolation(bind: query.limit)
            return engine.unreadableRows.reading(try await database.raw(sql).all(), table: "notifications") { row in
                NotificationRecord(
                    id: try row.decode(column: "id", as: Int64.self),
                    sentAt: Date(millisecondsSince1970: try row.decode(column: "sent_at", as: Int64.self)),
                    receiver: try row.decode(column: "receiver", as: String.self),
                    integration: try row.decode(column: "integration", as: String.self),
                    groupKey: try row.decode(column: "group_key", as: String.self),
                    status: try row.decode(column: "status", as: String.self),
                    reason: NotificationReason(rawValue: try row.decode(column: "reason", as: String.self)) ?? .firstNotification,
                    outcome: try row.decode(column: "outcome", as: String.self),
                    attempts: try row.decode(column: "attempts", as: Int.self),
                    error: try row.decodeNil(column: "error") ? nil : try row.decode(column: "error", as: String.self),
                    alerts: try Self.value([NotificationRecord.AlertSummary].self, from: row, column: "alerts")
                )
            }
        }
    }

    public func pruneNotifications(before cutoff: Date) async throws {
        try await engine.write { database in
            try await database.raw("DELETE FROM notification_log WHERE sent_at < \(bind: cutoff.millisecondsSince1970)").run()
            try await database.raw("DELETE FROM notifications WHERE sent_at < \(bind: cutoff.millisecondsSince1970)").run()
        }
    }

    // MARK: Component health

    public func componentHealth() async throws -> [ComponentHealth] {
        try await engine.read { database in
            let rows = try await database.raw("SELECT component, up, latency_seconds, status_code, reason, checked_at FROM component_health ORDER BY component").all()
            return engine.unreadableRows.reading(rows, table: "component_health") { row in
                ComponentHealth(
                    component: try row.decode(column: "component", as: String.self),
                    isUp: try row.decode(column: "up", as: Bool.self),
                    latencySeconds: try row.decodeNil(column: "latency_seconds") ? nil : try row.decode(column: "latency_seconds", as: Double.self),
                    statusCode: try row.decodeNil(column: "status_code") ? nil : try row.decode(column: "status_code", as: Int.self),
                    reason: try row.decode(column: "reason", as: String.self),
                    checkedAt: Date(millisecondsSince1970: try row.decode(column: "checked_at", as: Int64.self))
                )
            }
        }
    }

    public func recordHealth(_ results: [ComponentHealth]) async throws {
        guard !results.isEmpty else { return }
        try await engine.write { database in
            for result in results {
                try await database.raw("""
                    INSERT INTO component_health (component, up, latency_seconds, status_code, reason, checked_at) \
                    VALUES (\(bind: result.component), \(bind: result.isUp), \(bind: result.latencySeconds), \(bind: result.statusCode), \
                    \(bind: result.reason), \(bind: result.checkedAt.millisecondsSince1970)) \
                    ON CONFLICT (component) DO UPDATE SET up = excluded.up, latency_seconds = excluded.latency_seconds, \
                    status_code = excluded.status_code, reason = excluded.reason, checked_at = excluded.checked_at
                    """).run()
            }
        }
    }
}
