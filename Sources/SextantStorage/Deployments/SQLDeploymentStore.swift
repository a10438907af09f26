import Foundation
import SextantCore
import SQLKit

/// Deployments over any ``SQLEngine``.
public struct SQLDeploymentStore: DeploymentStore {
    let engine: any SQLEngine

    public init(engine: any SQLEngine) {
        self.engine = engine
    }

    private static let columns = """
        id, service, version, stable_version, strategy, spec, phase, rolled_back, step, weight, reason, active, created_by, \
        created_at, updated_at, finished_at, event_count
        """

    public func create(_ record: DeploymentRecord) async throws {
        let status = record.status
        let inserted = try await engine.write { database in
            try await database.raw("""
                INSERT INTO deployments (\(unsafeRaw: Self.columns)) VALUES (\(bind: record.id), \(bind: record.service), \(bind: record.version), \
                \(bind: record.stableVersion), \(bind: record.strategy), \(bind: record.spec), \(bind: status.phase), \(bind: status.rolledBack), \
                \(bind: status.step), \(bind: status.weight), \(bind: status.reason), \(bind: status.active), \(bind: record.createdBy), \
                \(bind: record.createdAt.millisecondsSince1970), \(bind: status.updatedAt.millisecondsSince1970), \
                \(bind: status.finishedAt?.millisecondsSince1970), \(bind: record.eventCount)) \
                ON CONFLICT DO NOTHING RETURNING id
                """).first() != nil
        }
        guard inserted else {
            throw StoreError.conflict("service \(Quoted.prefix(record.service)) has a deployment in progress")
        }
    }

    public func deployment(id: String) async throws -> DeploymentRecord? {
        try await engine.read { database in
            try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM deployments WHERE id = \(bind: id)").first()
        }.flatMap(readable)
    }

    public func deployments(matching query: DeploymentQuery) async throws -> [DeploymentRecord] {
        var condition: SQLQueryString = "1 = 1"
        if let service = query.service { condition = "\(condition) AND service = \(bind: service)" }
        if let phase = query.phase { condition = "\(condition) AND phase = \(bind: phase)" }
        if let since = query.since { condition = "\(condition) AND created_at >= \(bind: since.millisecondsSince1970)" }
        if let until = query.until { condition = "\(condition) AND created_at < \(bind: until.millisecondsSince1970)" }
        let selected = condition
        return try await engine.read { database in
            try await database.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM deployments WHERE \(selected) ORDER BY created_at DESC, id DESC LIMIT \(literal: query.limit)
                """).all()
        }.compactMap(readable)
    }

    public func activeDeployments() async throws -> [DeploymentRecord] {
        try await engine.read { database in
            try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM deployments WHERE active ORDER BY created_at").all()
        }.compactMap(readable)
    }

    public func lastSucceeded(service: String) async throws -> DeploymentRecord? {
        try await engine.read { database in
            try await database.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM deployments WHERE service = \(bind: service) AND phase = 'succeeded' \
                ORDER BY created_at DESC LIMIT 1
                """).first()
        }.flatMap(readable)
    }

    public func events(of id: String) async throws -> [StoredDeploymentEvent] {
        try await engine.read { database in
            try await database.raw("SELECT sequence, at, event FROM deployment_events WHERE deployment_id = \(bind: id) ORDER BY sequence").all()
        }.compactMap { row in
            guard let sequence = try? row.decode(column: "sequence", as: Int.self), let at = try? row.decode(column: "at", as: Int64.self),
                  let event = try? row.decode(column: "event", as: String.self) else {
                engine.unreadableRows.record(table: "deployment_events", error: UnreadableRow())
                return nil
            }
            return StoredDeploymentEvent(sequence: sequence, at: Date(millisecondsSince1970: at), event: event)
        }
    }

    public func append(event: String, at: Date, to id: String, expectedCount: Int, status: DeploymentStatus) async throws -> Bool {
        try await engine.write { database in
            // The row's count is the turn: the update claims it (and locks the row) or finds it taken.
            let claimed = try await database.raw("""
                UPDATE deployments SET event_count = \(bind: expectedCount + 1), phase = \(bind: status.phase), rolled_back = \(bind: status.rolledBack), \
                step = \(bind: status.step), weight = \(bind: status.weight), reason = \(bind: status.reason), active = \(bind: status.active), \
                updated_at = \(bind: status.updatedAt.millisecondsSince1970), finished_at = \(bind: status.finishedAt?.millisecondsSince1970) \
                WHERE id = \(bind: id) AND event_count = \(bind: expectedCount) RETURNING id
                """).first() != nil
            guard claimed else { return false }
            try await database.raw("""
                INSERT INTO deployment_events (deployment_id, sequence, at, event) VALUES (\(bind: id), \(bind: expectedCount + 1), \
                \(bind: at.millisecondsSince1970), \(bind: event))
                """).run()
            return true
        }
    }

    public func measurements(of id: String) async throws -> [StoredMeasurement] {
        try await engine.read { database in
            try await database.raw("""
                SELECT run, metric, sequence, at, value, phase, message FROM deployment_measurements WHERE deployment_id = \(bind: id) \
                ORDER BY at, run, metric, sequence
                """).all()
        }.compactMap { row in
            guard let run = try? row.decode(column: "run", as: Int.self), let metric = try? row.decode(column: "metric", as: Int.self),
                  let sequence = try? row.decode(column: "sequence", as: Int.self), let at = try? row.decode(column: "at", as: Int64.self),
                  let phase = try? row.decode(column: "phase", as: String.self) else {
                engine.unreadableRows.record(table: "deployment_measurements", error: UnreadableRow())
                return nil
            }
            return StoredMeasurement(run: run, metric: metric, sequence: sequence, at: Date(millisecondsSince1970: at),
                                     value: try? row.decode(column: "value", as: Double?.self), phase: phase,
                                     message: try? row.decode(column: "message", as: String?.self))
        }
    }

    public func record(_ measurement: StoredMeasurement, of id: String) async throws {
        try await engine.write { database in
            try await database.raw("""
                INSERT INTO deployment_measurements (deployment_id, run, metric, sequence, at, value, phase, message) VALUES (\(bind: id), \
                \(bind: measurement.run), \(bind: measurement.metric), \(bind: measurement.sequence), \(bind: measurement.at.millisecondsSince1970), \
                \(bind: measurement.value), \(bind: measurement.phase), \(bind: measurement.message)) ON CONFLICT DO NOTHING
                """).run()
        }
    }

    public func recordGateEvaluation(of subject: String, failures: [GateFailure], at: Date) async throws {
        try await engine.write { database in
            let last = try await database.raw("""
                SELECT sequence, first_at, last_at, evaluations, failures FROM gate_evaluations WHERE subject = \(bind: subject) \
                ORDER BY sequence DESC LIMIT 1
                """).first()
            let sequence = (try? last?.decode(column: "sequence", as: Int.self)) ?? 0
            let (entry, isNew) = GateEvaluation.recording(failures, at: at, after: last.flatMap(Self.gateEvaluation))
            if isNew {
                let text = String(decoding: try JSONEncoder().encode(entry.failures), as: UTF8.self)
                try await database.raw("""
                    INSERT INTO gate_evaluations (subject, sequence, first_at, last_at, evaluations, failures) VALUES (\(bind: subject), \
                    \(bind: sequence + 1), \(bind: entry.firstAt.millisecondsSince1970), \(bind: entry.lastAt.millisecondsSince1970), 1, \(bind: text))
                    """).run()
            } else {
                try await database.raw("""
                    UPDATE gate_evaluations SET last_at = \(bind: entry.lastAt.millisecondsSince1970), evaluations = \(bind: entry.evaluations) \
                    WHERE subject = \(bind: subject) AND sequence = \(bind: sequence)
                    """).run()
            }
        }
    }

    public func gateEvaluations(of subject: String, limit: Int) async throws -> [GateEvaluation] {
        try await engine.read { database in
            try await database.raw("""
                SELECT sequence, first_at, last_at, evaluations, failures FROM gate_evaluations WHERE subject = \(bind: subject) \
                ORDER BY sequence DESC LIMIT \(literal: limit)
                """).all()
        }.compactMap { row in
            guard let entry = Self.gateEvaluation(row) else {
                engine.unreadableRows.record(table: "gate_evaluations", error: UnreadableRow())
                return nil
            }
            return entry
        }.reversed()
    }

    private static func gateEvaluation(_ row: any SQLRow) -> GateEvaluation? {
        guard let first = try? row.decode(column: "first_at", as: Int64.self), let last = try? row.decode(column: "last_at", as: Int64.self),
              let count = try? row.decode(column: "evaluations", as: Int.self), let text = try? row.decode(column: "failures", as: String.self),
              let failures = try? JSONDecoder().decode([GateFailure].self, from: Data(text.utf8)) else { return nil }
        return GateEvaluation(firstAt: Date(millisecondsSince1970: first), lastAt: Date(millisecondsSince1970: last), evaluations: count, failures: failures)
    }

    private func readable(_ row: any SQLRow) -> DeploymentRecord? {
        do {
            return DeploymentRecord(
                id: try row.decode(column: "id", as: String.self),
                service: try row.decode(column: "service", as: String.self),
                version: try row.decode(column: "version", as: String.self),
                stableVersion: try row.decode(column: "stable_version", as: String?.self),
                strategy: try row.decode(column: "strategy", as: String.self),
                spec: try row.decode(column: "spec", as: String.self),
                status: DeploymentStatus(
                    phase: try row.decode(column: "phase", as: String.self),
                    rolledBack: try row.decode(column: "rolled_back", as: Bool.self),
                    step: try row.decode(column: "step", as: Int.self),
                    weight: try row.decode(column: "weight", as: Int.self),
                    reason: try row.decode(column: "reason", as: String?.self),
                    active: try row.decode(column: "active", as: Bool.self),
                    updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at", as: Int64.self)),
                    finishedAt: try row.decode(column: "finished_at", as: Int64?.self).map { Date(millisecondsSince1970: $0) }
                ),
                createdBy: try row.decode(column: "created_by", as: String.self),
                createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
                eventCount: try row.decode(column: "event_count", as: Int.self)
            )
        } catch {
            engine.unreadableRows.record(table: "deployments", error: error)
            return nil
        }
    }
}

private struct UnreadableRow: Error {}
