import Foundation
import SextantCore
import SQLKit

/// Objectives over any ``SQLEngine``.
public struct SQLSLOStore: SLOStore {
    let engine: any SQLEngine
    /// The last listing, and the definitions decoded for it.
    private let listings = DefinitionListings()

    public init(engine: any SQLEngine) {
        self.engine = engine
    }

    private static func encode(_ slo: ServiceLevelObjective) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(slo), as: UTF8.self)
    }

    private static func stored(_ row: any SQLRow) throws -> StoredSLO {
        let (text, createdAt, updatedAt) = try fields(of: row)
        return StoredSLO(slo: try DefinitionListings.decode(text), createdAt: createdAt, updatedAt: updatedAt)
    }

    private static func fields(of row: any SQLRow) throws -> (definition: String, createdAt: Date, updatedAt: Date) {
        (
            try row.decode(column: "definition", as: String.self),
            Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            Date(millisecondsSince1970: try row.decode(column: "updated_at", as: Int64.self))
        )
    }

    /// Every objective: as listed last time while no objective has changed since, else read
    /// again, decoding only the definitions that changed.
    public func list() async throws -> [StoredSLO] {
        let readAt = ContinuousClock.now
        let (revision, read) = try await engine.read { database in
            // The revision before the rows: a change committed between the two reads makes the
            // next listing read again, never one missed.
            let revision = try await Self.definitionsRevision(in: database)
            if let listed = listings.unchanged(at: revision) { return (revision, ListingRead.unchanged(listed)) }
            let rows = try await database.raw("SELECT definition, created_at, updated_at FROM slos ORDER BY id").all()
            return (revision, ListingRead.rows(engine.unreadableRows.reading(rows, table: "slos", Self.fields(of:))))
        }
        let rows: [(definition: String, createdAt: Date, updatedAt: Date)]
        switch read {
        case .unchanged(let listed): return listed
        case .rows(let read): rows = read
        }
        var listed: [StoredSLO] = []
        listed.reserveCapacity(rows.count)
        for (row, objective) in zip(rows, await listings.objectives(rows.map(\.definition))) {
            switch objective {
            case .success(let slo): listed.append(StoredSLO(slo: slo, createdAt: row.createdAt, updatedAt: row.updatedAt))
            case .failure(let error): engine.unreadableRows.record(table: "slos", error: error)
            }
        }
        listings.keep(listed, at: revision, readAt: readAt)
        return listed
    }

    private enum ListingRead: Sendable {
        case unchanged([StoredSLO])
        case rows([(definition: String, createdAt: Date, updatedAt: Date)])
    }

    /// The objectives' revision (migration 18); `nil` when its row is gone, and then every
    /// listing reads them all.
    private static func definitionsRevision(in database: any SQLDatabase) async throws -> Int64? {
        try await database.raw("SELECT revision FROM slo_definitions_revision WHERE id = 1").first()?.decode(column: "revision", as: Int64.self)
    }

    /// Raises the objectives' revision, in the transaction that changed one.
    private static func raiseDefinitionsRevision(in database: any SQLDatabase) async throws {
        try await database.raw("UPDATE slo_definitions_revision SET revision = revision + 1 WHERE id = 1").run()
    }

    public func get(_ id: String) async throws -> StoredSLO? {
        try await engine.read { database in
            engine.unreadableRows.reading(try await database.raw("SELECT definition, created_at, updated_at FROM slos WHERE id = \(bind: id)").all(),
                                          table: "slos") { try Self.stored($0) }.first
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
            try await raiseDefinitionsRevision(in: database)
            return .created
        }
        guard replacing else { return .exists }
        if try existing.decode(column: "definition", as: String.self) == definition { return .unchanged }
        try await database.raw("UPDATE slos SET definition = \(bind: definition), updated_at = \(bind: millis) WHERE id = \(bind: slo.id)").run()
        // Conditions the new definition no longer has are forgotten.
        try await database.raw("DELETE FROM slo_alerts WHERE slo_id = \(bind: slo.id)").run()
        try await raiseDefinitionsRevision(in: database)
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
            guard try await database.raw("DELETE FROM slos WHERE id = \(bind: id) RETURNING id").first() != nil else { return false }
            try await Self.raiseDefinitionsRevision(in: database)
            return true
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

    static let alertStateUpsert = AdditiveUpsert(
        table: "slo_alerts",
        columns: ["slo_id", "condition", "severity", "phase", "since", "active_since", "resolved_at", "value", "evaluated_at"],
        conflictColumns: ["slo_id", "condition"],
        additiveColumns: [],
        otherAssignments: ["severity", "phase", "since", "active_since", "resolved_at", "value", "evaluated_at"].map { "\($0) = excluded.\($0)" }
    )

    @discardableResult
    public func saveAlertStates(_ records: [SLOAlertRecord]) async throws -> SLOAlertStatesRevision {
        // Nothing to write takes no writer.
        guard !records.isEmpty else { return try await alertStatesRevision() }
        return try await engine.write { database in
            try await Self.alertStateUpsert.run(records.map { record in
                let value: Double? = record.value.flatMap { $0.isFinite ? $0 : nil }
                return [
                    record.sloID, record.condition, record.severity.rawValue, record.machine.phase.rawValue,
                    record.machine.since?.millisecondsSince1970, record.machine.activeSince?.millisecondsSince1970,
                    record.machine.resolvedAt?.millisecondsSince1970, value, record.evaluatedAt.millisecondsSince1970,
                ]
            }, on: database)
            // States of objectives deleted while they were evaluated are dropped.
            try await database.raw("DELETE FROM slo_alerts WHERE slo_id NOT IN (SELECT id FROM slos)").run()
            return try await Self.alertStatesRevision(in: database)
        }
    }

    public func alertStatesRevision() async throws -> SLOAlertStatesRevision {
        try await engine.read { database in try await Self.alertStatesRevision(in: database) }
    }

    private static func alertStatesRevision(in database: any SQLDatabase) async throws -> SLOAlertStatesRevision {
        let row = try await database.raw("SELECT count(*) AS states, coalesce(max(evaluated_at), 0) AS newest FROM slo_alerts").first()
        return SLOAlertStatesRevision(
            states: try row?.decode(column: "states", as: Int64.self) ?? 0, newest: try row?.decode(column: "newest", as: Int64.self) ?? 0
        )
    }
}
