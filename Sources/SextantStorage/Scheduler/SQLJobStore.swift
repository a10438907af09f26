import Foundation
import SextantCore
import SQLKit

/// Job runs over any ``SQLEngine``.
public struct SQLJobStore: JobStore {
    let engine: any SQLEngine

    public init(engine: any SQLEngine) {
        self.engine = engine
    }

    private static let columns = "id, job, trigger, scheduled_for, replica, started_at, finished_at, outcome, message"

    public func claimScheduledRun(job: String, tick: Date, replica: String, at now: Date) async throws -> Int64? {
        let tickTime = tick.millisecondsSince1970, started = now.millisecondsSince1970
        return try await engine.write { database in
            try await database.raw("""
                INSERT INTO job_runs (job, trigger, scheduled_for, replica, started_at, outcome) \
                VALUES (\(bind: job), 'schedule', \(bind: tickTime), \(bind: replica), \(bind: started), 'running') \
                ON CONFLICT (job, scheduled_for) WHERE trigger = 'schedule' DO NOTHING RETURNING id
                """).first()?.decode(column: "id", as: Int64.self)
        }
    }

    public func startManualRun(job: String, replica: String, at now: Date) async throws -> Int64 {
        let started = now.millisecondsSince1970
        return try await engine.write { database in
            guard let id = try await database.raw("""
                INSERT INTO job_runs (job, trigger, replica, started_at, outcome) \
                VALUES (\(bind: job), 'manual', \(bind: replica), \(bind: started), 'running') RETURNING id
                """).first()?.decode(column: "id", as: Int64.self) else {
                throw StoreError.unavailable("the run of \(Quoted.prefix(job)) was not recorded")
            }
            return id
        }
    }

    public func finishRun(id: Int64, outcome: JobOutcome, message: String?, at now: Date) async throws {
        let finished = now.millisecondsSince1970
        try await engine.write { database in
            try await database.raw("""
                UPDATE job_runs SET outcome = \(bind: outcome.rawValue), message = \(bind: message), finished_at = \(bind: finished) \
                WHERE id = \(bind: id)
                """).run()
        }
    }

    public func runs(of job: String, limit: Int) async throws -> [JobRun] {
        try await engine.read { database in
            try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM job_runs WHERE job = \(bind: job) ORDER BY id DESC LIMIT \(literal: limit)")
                .all().map(Self.decode)
        }
    }

    public func run(id: Int64) async throws -> JobRun? {
        try await engine.read { database in
            try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM job_runs WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    public func latestRuns() async throws -> [String: JobRun] {
        try await engine.read { database in
            let runs = try await database.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM job_runs WHERE id IN (SELECT MAX(id) FROM job_runs GROUP BY job)
                """).all().map(Self.decode)
            return Dictionary(uniqueKeysWithValues: runs.map { ($0.job, $0) })
        }
    }

    public func pruneRuns(of job: String, keeping history: JobRunHistory, at now: Date) async throws -> Int {
        let oldest = history.oldestKept(at: now).millisecondsSince1970
        return try await engine.write { database in
            // The newest `runs` are kept by id; a comparison with no such run (fewer runs) is NULL, not true.
            try await database.raw("""
                DELETE FROM job_runs WHERE job = \(bind: job) AND outcome <> 'running' \
                AND id < (SELECT MAX(id) FROM job_runs WHERE job = \(bind: job)) \
                AND (started_at < \(bind: oldest) \
                     OR id <= (SELECT id FROM job_runs WHERE job = \(bind: job) ORDER BY id DESC LIMIT 1 OFFSET \(literal: max(0, history.runs)))) \
                RETURNING id
                """).all().count
        }
    }

    public func abandonRuns(exceptOn liveReplicas: [String], at now: Date) async throws -> Int {
        let finished = now.millisecondsSince1970
        return try await engine.write { database in
            var query = SQLQueryString("UPDATE job_runs SET outcome = 'abandoned', finished_at = ")
            query.appendInterpolation(bind: finished)
            query.appendLiteral(", message = 'its replica stopped while it ran' WHERE outcome = 'running'")
            if !liveReplicas.isEmpty {
                query.appendLiteral(" AND replica NOT IN (")
                query.appendInterpolation(binds: liveReplicas)
                query.appendLiteral(")")
            }
            query.appendLiteral(" RETURNING id")
            return try await database.raw(query).all().count
        }
    }

    private static func decode(_ row: any SQLRow) throws -> JobRun {
        JobRun(
            id: try row.decode(column: "id", as: Int64.self),
            job: try row.decode(column: "job", as: String.self),
            trigger: JobTrigger(rawValue: try row.decode(column: "trigger", as: String.self)) ?? .manual,
            scheduledFor: try row.decode(column: "scheduled_for", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
            replica: try row.decode(column: "replica", as: String.self),
            startedAt: Date(millisecondsSince1970: try row.decode(column: "started_at", as: Int64.self)),
            finishedAt: try row.decode(column: "finished_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
            outcome: JobOutcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .failed,
            message: try row.decode(column: "message", as: String?.self)
        )
    }
}
