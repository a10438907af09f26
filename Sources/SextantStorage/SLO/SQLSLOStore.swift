import Foundation
import SextantCore
import SQLKit

/// Objectives over any ``SQLEngine``.
public struct SQLSLOStore: SLOStore {
    let engine: any SQLEngine

    public init(engine: any SQLEngine) {
        self.engine = engine
    }

    private static func encode(_ slo: ServiceLevelObjective) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(slo), as: UTF8.self)
    }

    private static func stored(_ row: any SQLRow) throws -> StoredSLO {
        let text = try row.decode(column: "definition", as: String.self)
        return StoredSLO(
            slo: try JSONDecoder().decode(ServiceLevelObjective.self, from: Data(text.utf8)),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at", as: Int64.self))
        )
    }

    public func list() async throws -> [StoredSLO] {
        try await engine.read { database in
            engine.unreadableRows.reading(try await database.raw("SELECT definition, created_at, updated_at FROM slos ORDER BY id").all(),
                                          table: "slos", Self.stored)
        }
    }

    public func get(_ id: String) async throws -> StoredSLO? {
        try await engine.read { database in
            engine.unreadableRows.reading(try await database.raw("SELECT definition, created_at, updated_at FROM slos WHERE id = \(bind: id)").all(),
                                          table: "slos", Self.stored).first
        }
    }

    /// Writes one objective inside a transaction; answers what happened to it.
    private static func upsert(_ slo: ServiceLevelObjective, at now: Date, in database: any SQLDatabase, replacing: Bool) async throws -> ApplyOutcome {
        let definition = try encode(slo)
        let existing = try await database.raw("SELECT definition FROM slos WHERE id = \(bind: slo.id)").first()
        let millis = now.millisecondsSince1970
        guard let existing else {
            try await database.raw("""
                INSERT INTO slos (id, service, name, definition, created_at, updated_at) \
                VALUES (\(bind: slo.id), \(bind: slo.service), \(bind: slo.name), \(bind: definition), \(bind: millis), \(bind: millis))
                """).run()
            return .created
        }
        guard replacing else { return .exists }
        if try existing.decode(column: "definition", as: String.self) == definition { return .unchanged }
        try await database.raw("UPDATE slos SET definition = \(bind: definition), updated_at = \(bind: millis) WHERE id = \(bind: slo.id)").run()
        // Conditions the new definition no longer has are forgotten.
        try await database.raw("DELETE FROM slo_alerts WHERE slo_id = \(bind: slo.id)").run()
        return .updated
    }

    private enum ApplyOutcome { case created, updated, unchanged, exists }

    public func put(_ slo: ServiceLevelObjective, at now: Date) async throws -> Bool {
        try await engine.write { database in
            try await Self.upsert(slo, at: now, in: database, replacing: true) == .created
        }
    }

    public func create(_ slo: ServiceLevelObjective, at now: Date) async throws -> Bool {
        try await engine.write { database in
            try await Self.upsert(slo, at: now, in: database, replacing: false) == .created
        }
    }

    public func delete(_ id: String) async throws -> Bool {
        try await engine.write { database in
            try await database.raw("DELETE FROM slo_alerts WHERE slo_id = \(bind: id)").run()
            return try await database.raw("DELETE FROM slos WHERE id = \(bind: id) RETURNING id").first() != nil
        }
    }

    public func apply(_ slos: [ServiceLevelObjective], at now: Date) async throws -> SLOApplyResult {
        try await engine.write { database in
            var result = SLOApplyResult()
            for slo in slos {
                switch try await Self.upsert(slo, at: now, in: database, replacing: true) {
                case .created: result.created.append(slo.id)
                case .updated: result.updated.append(slo.id)
                case .unchanged, .exists: result.unchanged.append(slo.id)
                }
            }
            return result
        }
    }

    public func alertStates(of id: String?) async throws -> [SLOAlertRecord] {
        try await engine.read { database in
            var query = SQLQueryString("SELECT slo_id, condition, severity, phase, since, active_since, resolved_at, value, evaluated_at FROM slo_alerts")
            if let id {
                query.appendLiteral(" WHERE slo_id = ")
                query.appendInterpolation(bind: id)
            }
            query.appendLiteral(" ORDER BY slo_id, condition")
            return engine.unreadableRows.reading(try await database.raw(query).all(), table: "slo_alert_states") { row in
                func date(_ column: String) throws -> Date? {
                    try row.decodeNil(column: column) ? nil : Date(millisecondsSince1970: try row.decode(column: column, as: Int64.self))
                }
                return SLOAlertRecord(
                    sloID: try row.decode(column: "slo_id", as: String.self),
                    condition: try row.decode(column: "condition", as: String.self),
                    severity: SLOAlertCondition.Severity(rawValue: try row.decode(column: "severity", as: String.self)) ?? .ticket,
                    machine: AlertStateMachine(
                        phase: AlertStateMachine.Phase(rawValue: try row.decode(column: "phase", as: String.self)) ?? .inactive,
                        since: try date("since"), activeSince: try date("active_since"), resolvedAt: try date("resolved_at")
                    ),
                    value: try row.decodeNil(column: "value") ? nil : try row.decode(column: "value", as: Double.self),
                    evaluatedAt: try date("evaluated_at") ?? Date(timeIntervalSince1970: 0)
                )
            }
        }
    }

    public func saveAlertStates(_ records: [SLOAlertRecord]) async throws {
        guard !records.isEmpty else { return }
        try await engine.write { database in
            let existing = Set(try await database.raw("SELECT id FROM slos").all().map { try $0.decode(column: "id", as: String.self) })
            for record in records where existing.contains(record.sloID) {
                let value: Double? = record.value.flatMap { $0.isFinite ? $0 : nil }
                try await database.raw("""
                    INSERT INTO slo_alerts (slo_id, condition, severity, phase, since, active_since, resolved_at, value, evaluated_at) \
                    VALUES (\(bind: record.sloID), \(bind: record.condition), \(bind: record.severity.rawValue), \
                    \(bind: record.machine.phase.rawValue), \(bind: record.machine.since?.millisecondsSince1970), \
                    \(bind: record.machine.activeSince?.millisecondsSince1970), \(bind: record.machine.resolvedAt?.millisecondsSince1970), \
                    \(bind: value), \(bind: record.evaluatedAt.millisecondsSince1970)) \
                    ON CONFLICT (slo_id, condition) DO UPDATE SET severity = excluded.severity, phase = excluded.phase, \
                    since = excluded.since, active_since = excluded.active_since, resolved_at = excluded.resolved_at, \
                    value = excluded.value, evaluated_at = excluded.evaluated_at
                    """).run()
            }
        }
    }
}
