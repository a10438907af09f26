import Foundation
import SextantCore
import SQLKit

/// Kept traces over any ``SQLEngine``, in tables per time bucket: `trace_data_<start>` holds
/// each stored part of a trace (summary and OTLP payload, by trace id and start),
/// `trace_spans_<start>` a row per span (by service and start, for search), `trace_names_<start>`
/// each service's operations.
public struct SQLSpanStore: SpanStore {
    let engine: any SQLEngine
    let buckets: TelemetryBuckets
    /// How long traces are kept; a trace whose start is outside `[now − retention, now + 1 min]`
    /// (a client's clock far off) is filed under `now`.
    let retentionSeconds: Int64

    /// Buckets of `retention / 24` (at least a second, at most a day).
    public init(engine: any SQLEngine, retention: TimeInterval) {
        self.engine = engine
        self.retentionSeconds = max(1, Int64(retention))
        let width = min(86_400, max(1, Int64(retention / 24)))
        buckets = TelemetryBuckets(kind: "traces", width: width, create: Self.createStatements, tables: { start in
            ["trace_data", "trace_spans", "trace_names"].map { TelemetryBuckets.name($0, start) }
        })
    }

    static func createStatements(_ start: Int64, _ kind: DatabaseKind) -> [String] {
        let data = TelemetryBuckets.name("trace_data", start), spans = TelemetryBuckets.name("trace_spans", start)
        let names = TelemetryBuckets.name("trace_names", start)
        let blob = kind == .postgres ? "BYTEA" : "BLOB"
        return [
            """
            CREATE TABLE IF NOT EXISTS \(data) (trace_id TEXT NOT NULL, root_service TEXT NOT NULL, root_operation TEXT NOT NULL, \
            start_ns BIGINT NOT NULL, duration_ns BIGINT NOT NULL, span_count INTEGER NOT NULL, error_count INTEGER NOT NULL, payload \(blob) NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS \(data)_trace ON \(data) (trace_id)",
            "CREATE INDEX IF NOT EXISTS \(data)_start ON \(data) (start_ns)",
            """
            CREATE TABLE IF NOT EXISTS \(spans) (trace_id TEXT NOT NULL, service TEXT NOT NULL, name TEXT NOT NULL, start_ns BIGINT NOT NULL, \
            duration_ns BIGINT NOT NULL, error INTEGER NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS \(spans)_service ON \(spans) (service, name, start_ns)",
            "CREATE TABLE IF NOT EXISTS \(names) (service TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (service, name))",
        ]
    }

    public func append(_ traces: [KeptTrace], now: Date) async throws {
        guard !traces.isEmpty else { return }
        let nowSeconds = Int64(now.timeIntervalSince1970)
        let kind = engine.kind
        try await engine.write { [buckets, retentionSeconds] database in
            var known = try await buckets.all(on: database)
            var byBucket: [Int64: [KeptTrace]] = [:]
            for trace in traces {
                var second = trace.summary.startNanos / 1_000_000_000
                if second < nowSeconds - retentionSeconds || second > nowSeconds + 60 { second = nowSeconds }
                let bucket = try await buckets.bucket(for: second, known: &known, kind: kind, on: database)
                byBucket[bucket.start, default: []].append(trace)
            }
            for (start, traces) in byBucket {
                try await BulkInsert(table: TelemetryBuckets.name("trace_data", start), columns: [
                    "trace_id", "root_service", "root_operation", "start_ns", "duration_ns", "span_count", "error_count", "payload",
                ]).run(traces.map { trace in
                    let summary = trace.summary
                    return [summary.traceID.description, summary.rootService.storable, summary.rootOperation.storable, summary.startNanos,
                            summary.durationNanos, summary.spanCount, summary.errorCount, Data(trace.payload)]
                }, on: database)
                try await BulkInsert(table: TelemetryBuckets.name("trace_spans", start), columns: [
                    "trace_id", "service", "name", "start_ns", "duration_ns", "error",
                ]).run(traces.flatMap { trace in
                    trace.spans.map { [trace.summary.traceID.description, $0.service.storable, $0.name.storable, $0.startNanos, $0.durationNanos,
                                       $0.isError ? 1 : 0] }
                }, on: database)
                var names = Set<[String]>()
                for trace in traces { for span in trace.spans { names.insert([span.service.storable, span.name.storable]) } }
                try await BulkInsert(table: TelemetryBuckets.name("trace_names", start), columns: ["service", "name"], suffix: "ON CONFLICT DO NOTHING")
                    .run(names.sorted { $0.lexicographicallyPrecedes($1) }.map { $0 }, on: database)
            }
        }
    }

    public func trace(_ id: TraceID) async throws -> StoredTrace? {
        try await engine.read { [buckets] database in
            var parts: [StoredTrace] = []
            for bucket in try await buckets.all(on: database) {
                let rows = try await database.raw("""
                    SELECT \(unsafeRaw: Self.dataColumns) FROM \(unsafeRaw: TelemetryBuckets.name("trace_data", bucket.start)) \
                    WHERE trace_id = \(bind: id.description)
                    """).all()
                parts += rows.compactMap(Self.part)
            }
            return Self.merged(parts)
        }
    }

    public func search(_ search: TraceSearch) async throws -> [StoredTrace] {
        try await engine.read { [buckets] database in
            let overlapping = try await buckets.overlapping(from: search.startNanos / 1_000_000_000 - 1, to: search.endNanos / 1_000_000_000 + 1, on: database)
            var found: [StoredTrace] = []
            var seen = Set<String>()
            for bucket in overlapping where found.count < search.limit {
                let ids = try await Self.matchingIDs(search, in: bucket, limit: search.limit - found.count, on: database).filter { !seen.contains($0) }
                guard !ids.isEmpty else { continue }
                seen.formUnion(ids)
                var query = SQLQueryString("SELECT \(Self.dataColumns) FROM \(TelemetryBuckets.name("trace_data", bucket.start)) WHERE trace_id IN (")
                for (index, id) in ids.enumerated() {
                    if index > 0 { query.appendLiteral(", ") }
                    query.appendInterpolation(bind: id)
                }
                query.appendLiteral(")")
                let parts = try await database.raw(query).all().compactMap(Self.part)
                let byID = Dictionary(grouping: parts, by: \.summary.traceID)
                found += ids.compactMap { TraceID(hex: $0).flatMap { byID[$0] }.flatMap(Self.merged) }
            }
            return found
        }
    }

    /// Trace ids in one bucket, newest first.
    private static func matchingIDs(_ search: TraceSearch, in bucket: TelemetryBuckets.Bucket, limit: Int, on database: any SQLDatabase) async throws -> [String] {
        var query: SQLQueryString
        if search.service != nil || search.operation != nil || search.minimumDurationNanos != nil || search.maximumDurationNanos != nil || search.errorsOnly {
            query = "SELECT trace_id, MAX(start_ns) AS newest FROM \(unsafeRaw: TelemetryBuckets.name("trace_spans", bucket.start)) WHERE start_ns >= \(bind: search.startNanos) AND start_ns <= \(bind: search.endNanos)"
            if let service = search.service { query.appendInterpolation(unsafeRaw: " AND service = "); query.appendInterpolation(bind: service) }
            if let operation = search.operation { query.appendInterpolation(unsafeRaw: " AND name = "); query.appendInterpolation(bind: operation) }
            if let minimum = search.minimumDurationNanos { query.appendInterpolation(unsafeRaw: " AND duration_ns >= "); query.appendInterpolation(bind: minimum) }
            if let maximum = search.maximumDurationNanos { query.appendInterpolation(unsafeRaw: " AND duration_ns <= "); query.appendInterpolation(bind: maximum) }
            if search.errorsOnly { query.appendInterpolation(unsafeRaw: " AND error = 1") }
            query.appendInterpolation(unsafeRaw: " GROUP BY trace_id ORDER BY newest DESC LIMIT \(limit)")
        } else {
            query = """
                SELECT trace_id, MAX(start_ns) AS newest FROM \(unsafeRaw: TelemetryBuckets.name("trace_data", bucket.start)) \
                WHERE start_ns >= \(bind: search.startNanos) AND start_ns <= \(bind: search.endNanos) GROUP BY trace_id ORDER BY newest DESC LIMIT \(literal: limit)
                """
        }
        return try await database.raw(query).all().map { try $0.decode(column: "trace_id", as: String.self) }
    }

    public func services(since: Int64) async throws -> [String] {
        try await names(since: since, service: nil)
    }

    public func operations(of service: String, since: Int64) async throws -> [String] {
        try await names(since: since, service: service)
    }

    private func names(since: Int64, service: String?) async throws -> [String] {
        try await engine.read { [buckets] database in
            var names = Set<String>()
            for bucket in try await buckets.all(on: database) where bucket.end > since {
                let table = TelemetryBuckets.name("trace_names", bucket.start)
                if let service {
                    let rows = try await database.raw("SELECT name FROM \(unsafeRaw: table) WHERE service = \(bind: service)").all()
                    for row in rows { names.insert(try row.decode(column: "name", as: String.self)) }
                } else {
                    let rows = try await database.raw("SELECT DISTINCT service FROM \(unsafeRaw: table)").all()
                    for row in rows { names.insert(try row.decode(column: "service", as: String.self)) }
                }
            }
            return names.sorted()
        }
    }

    public func expire(before cutoff: Date) async throws -> Int {
        try await engine.write { [buckets] database in
            try await buckets.expire(endingBy: Int64(cutoff.timeIntervalSince1970), on: database)
        }
    }

    static let dataColumns = "trace_id, root_service, root_operation, start_ns, duration_ns, span_count, error_count, payload"

    private static func part(_ row: any SQLRow) -> StoredTrace? {
        guard let id = (try? row.decode(column: "trace_id", as: String.self)).flatMap({ TraceID(hex: $0) }),
              let payload = try? row.decode(column: "payload", as: Data.self) else { return nil }
        let summary = TraceSummary(
            traceID: id, rootService: (try? row.decode(column: "root_service", as: String.self)) ?? "",
            rootOperation: (try? row.decode(column: "root_operation", as: String.self)) ?? "",
            startNanos: (try? row.decode(column: "start_ns", as: Int64.self)) ?? 0, durationNanos: (try? row.decode(column: "duration_ns", as: Int64.self)) ?? 0,
            spanCount: (try? row.decode(column: "span_count", as: Int.self)) ?? 0, errorCount: (try? row.decode(column: "error_count", as: Int.self)) ?? 0)
        return StoredTrace(summary: summary, payloads: [Array(payload)])
    }

    /// Parts of one trace as one: the earliest part's root, the span of all parts, counts added.
    static func merged(_ parts: [StoredTrace]) -> StoredTrace? {
        guard let first = parts.min(by: { $0.summary.startNanos < $1.summary.startNanos }) else { return nil }
        var summary = first.summary
        let end = parts.map { $0.summary.startNanos + $0.summary.durationNanos }.max() ?? summary.startNanos
        summary.durationNanos = end - summary.startNanos
        summary.spanCount = parts.reduce(0) { $0 + $1.summary.spanCount }
        summary.errorCount = parts.reduce(0) { $0 + $1.summary.errorCount }
        return StoredTrace(summary: summary, payloads: parts.flatMap(\.payloads))
    }
}
