import SQLKit

/// Tables per time bucket for one kind of telemetry (`traces`, `logs`), listed in
/// `telemetry_buckets`: a bucket's tables are created when the first row for its time arrives
/// and dropped whole when the bucket has aged out, so retention never deletes row by row and
/// the space is reused at once. A bucket keeps the width it was created with.
struct TelemetryBuckets: Sendable {
    struct Bucket: Sendable, Equatable {
        let start: Int64
        let width: Int64
        var end: Int64 { start + width }
    }

    let kind: String
    let width: Int64
    /// The statements that create a bucket's tables, from its start (the tables' suffix).
    let create: @Sendable (Int64, DatabaseKind) -> [String]
    /// The tables of a bucket, to drop.
    let tables: @Sendable (Int64) -> [String]

    /// Every bucket, newest first.
    func all(on database: any SQLDatabase) async throws -> [Bucket] {
        try await database.raw("SELECT start_s, width_s FROM telemetry_buckets WHERE kind = \(bind: kind) ORDER BY start_s DESC").all().map {
            Bucket(start: try $0.decode(column: "start_s", as: Int64.self), width: try $0.decode(column: "width_s", as: Int64.self))
        }
    }

    /// The buckets that may hold rows from `start` to `end` (seconds), newest first.
    func overlapping(from start: Int64, to end: Int64, on database: any SQLDatabase) async throws -> [Bucket] {
        try await all(on: database).filter { $0.start <= end && $0.end > start }
    }

    /// The bucket for `second`, created with its tables if it does not exist yet. `known` holds
    /// the buckets already read in this transaction.
    func bucket(for second: Int64, known: inout [Bucket], kind engine: DatabaseKind, on database: any SQLDatabase) async throws -> Bucket {
        if let existing = known.first(where: { $0.start <= second && second < $0.end }) { return existing }
        let start = second >= 0 ? second / width * width : (second - width + 1) / width * width
        let bucket = Bucket(start: start, width: width)
        for statement in create(start, engine) { try await database.raw(SQLQueryString(statement)).run() }
        try await database.raw("""
            INSERT INTO telemetry_buckets (kind, start_s, width_s) VALUES (\(bind: kind), \(bind: start), \(bind: width)) ON CONFLICT DO NOTHING
            """).run()
        known.append(bucket)
        return bucket
    }

    /// Drops every bucket that ended at or before `cutoff` (seconds); how many.
    func expire(endingBy cutoff: Int64, on database: any SQLDatabase) async throws -> Int {
        let old = try await all(on: database).filter { $0.end <= cutoff }
        for bucket in old {
            for table in tables(bucket.start) { try await database.raw(SQLQueryString("DROP TABLE IF EXISTS \(table)")).run() }
            try await database.raw("DELETE FROM telemetry_buckets WHERE kind = \(bind: kind) AND start_s = \(bind: bucket.start)").run()
        }
        return old.count
    }

    /// A table name for bucket `start`: negative starts (before 1970) get an `m` instead of a sign.
    static func name(_ prefix: String, _ start: Int64) -> String {
        start < 0 ? "\(prefix)_m\(-start)" : "\(prefix)_\(start)"
    }
}

extension String {
    /// The text with NUL characters replaced (PostgreSQL's text cannot hold them).
    var storable: String {
        contains("\u{0}") ? replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : self
    }
}
