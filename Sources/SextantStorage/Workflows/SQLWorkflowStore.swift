import Foundation
import SextantCore
import SQLKit

/// Workflows over any ``SQLEngine``.
public struct SQLWorkflowStore: WorkflowStore {
    let engine: any SQLEngine

    public init(engine: any SQLEngine) {
        self.engine = engine
    }

    private static let columns = "id, name, spec, phase, active, created_by, created_at, updated_at, event_count"

    public func create(_ record: WorkflowRecord) async throws {
        let inserted = try await engine.write { database in
            try await database.raw("""
                INSERT INTO workflows (\(unsafeRaw: Self.columns)) VALUES (\(bind: record.id), \(bind: record.name), \(bind: record.spec), \
                \(bind: record.phase), \(bind: record.active), \(bind: record.createdBy), \(bind: record.createdAt.millisecondsSince1970), \
                \(bind: record.updatedAt.millisecondsSince1970), \(bind: record.eventCount)) ON CONFLICT DO NOTHING RETURNING id
                """).first() != nil
        }
        guard inserted else { throw StoreError.conflict("a workflow with id \(Quoted.prefix(record.id)) exists") }
    }

    public func workflow(id: String) async throws -> WorkflowRecord? {
        try await engine.read { database in
            try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM workflows WHERE id = \(bind: id)").first()
        }.flatMap(readable)
    }

    public func workflows(limit: Int) async throws -> [WorkflowRecord] {
        try await engine.read { database in
            try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM workflows ORDER BY created_at DESC, id DESC LIMIT \(literal: limit)").all()
        }.compactMap(readable)
    }

    public func activeWorkflows() async throws -> [WorkflowRecord] {
        try await engine.read { database in
            try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM workflows WHERE active ORDER BY created_at").all()
        }.compactMap(readable)
    }

    public func events(of id: String) async throws -> [StoredDeploymentEvent] {
        try await engine.read { database in
            try await database.raw("SELECT sequence, at, event FROM workflow_events WHERE workflow_id = \(bind: id) ORDER BY sequence").all()
        }.compactMap { row in
            guard let sequence = try? row.decode(column: "sequence", as: Int.self), let at = try? row.decode(column: "at", as: Int64.self),
                  let event = try? row.decode(column: "event", as: String.self) else { return nil }
            return StoredDeploymentEvent(sequence: sequence, at: Date(millisecondsSince1970: at), event: event)
        }
    }

    public func append(event: String, at: Date, to id: String, expectedCount: Int, phase: String, active: Bool) async throws -> Bool {
        try await engine.write { database in
            let claimed = try await database.raw("""
                UPDATE workflows SET event_count = \(bind: expectedCount + 1), phase = \(bind: phase), active = \(bind: active), \
                updated_at = \(bind: at.millisecondsSince1970) WHERE id = \(bind: id) AND event_count = \(bind: expectedCount) RETURNING id
                """).first() != nil
            guard claimed else { return false }
            try await database.raw("""
                INSERT INTO workflow_events (workflow_id, sequence, at, event) VALUES (\(bind: id), \(bind: expectedCount + 1), \
                \(bind: at.millisecondsSince1970), \(bind: event))
                """).run()
            return true
        }
    }

    private func readable(_ row: any SQLRow) -> WorkflowRecord? {
        do {
            return WorkflowRecord(
                id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                spec: try row.decode(column: "spec", as: String.self), phase: try row.decode(column: "phase", as: String.self),
                active: try row.decode(column: "active", as: Bool.self), createdBy: try row.decode(column: "created_by", as: String.self),
                createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
                updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at", as: Int64.self)),
                eventCount: try row.decode(column: "event_count", as: Int.self)
            )
        } catch {
            engine.unreadableRows.record(table: "workflows", error: error)
            return nil
        }
    }
}
