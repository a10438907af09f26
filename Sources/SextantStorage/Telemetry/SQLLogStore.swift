import Foundation
import SextantCore
import SQLKit

/// Log lines over any ``SQLEngine``, in `log_lines_<start>` tables per time bucket (by stream and
/// time, and by trace id), with streams numbered once in `log_streams`.
public struct SQLLogStore: LogStore {
    let engine: any SQLEngine
    let buckets: TelemetryBuckets
    let retentionSeconds: Int64

    /// Buckets of `retention / 24` (at least a second, at most a day).
    public init(engine: any SQLEngine, retention: TimeInterval) {
        self.engine = engine
        self.retentionSeconds = max(1, Int64(retention))
        let width = min(86_400, max(1, Int64(retention / 24)))
        buckets = TelemetryBuckets(kind: "logs", width: width, create: { start, _ in
            let lines = TelemetryBuckets.name("log_lines", start)
            return [
                """
                CREATE TABLE IF NOT EXISTS \(lines) (stream_id BIGINT NOT NULL, ts_ns BIGINT NOT NULL, line TEXT NOT NULL, trace_id TEXT, \
                span_id TEXT, metadata TEXT)
                """,
                "CREATE INDEX IF NOT EXISTS \(lines)_stream ON \(lines) (stream_id, ts_ns)",
                "CREATE INDEX IF NOT EXISTS \(lines)_trace ON \(lines) (trace_id) WHERE trace_id IS NOT NULL",
            ]
        }, tables: { [TelemetryBuckets.name("log_lines", $0)] })
    }

    public func streams() async throws -> [LogStream] {
        try await engine.read { database in
            try await database.raw("SELECT id, labels FROM log_streams ORDER BY id").all().map {
                LogStream(id: try $0.decode(column: "id", as: Int64.self), labels: try $0.decode(column: "labels", as: String.self))
            }
        }
    }

    public func streamIDs(for labels: [String], maximumStreams: Int, now: Date) async throws -> [String: Int64] {
        let wanted = Set(labels.map(\.storable))
        return try await engine.write { database in
            var found: [String: Int64] = [:]
            for chunk in Array(wanted).chunked(into: 500) {
                var query = SQLQueryString("SELECT id, labels FROM log_streams WHERE labels IN (")
                for (index, text) in chunk.enumerated() {
                    if index > 0 { query.appendLiteral(", ") }
                    query.appendInterpolation(bind: text)
                }
                query.appendLiteral(")")
                for row in try await database.raw(query).all() {
                    found[try row.decode(column: "labels", as: String.self)] = try row.decode(column: "id", as: Int64.self)
                }
            }
            let missing = wanted.subtracting(found.keys).sorted()
            if !missing.isEmpty {
                let count = try await database.raw("SELECT COUNT(*) AS streams FROM log_streams").first()?.decode(column: "streams", as: Int.self) ?? 0
                guard count + missing.count <= maximumStreams else { throw StreamLimitReached(maximum: maximumStreams) }
                for text in missing {
                    let id = try await database.raw("""
                        INSERT INTO log_streams (labels, created_at) VALUES (\(bind: text), \(bind: now.millisecondsSince1970)) \
                        ON CONFLICT (labels) DO UPDATE SET labels = excluded.labels RETURNING id
                        """).first()?.decode(column: "id", as: Int64.self)
                    if let id { found[text] = id }
                }
            }
            return Dictionary(uniqueKeysWithValues: labels.compactMap { text in found[text.storable].map { (text, $0) } })
        }
    }

    public func append(_ lines: [LogLineRecord], now: Date) async throws {
        guard !lines.isEmpty else { return }
        let nowSeconds = Int64(now.timeIntervalSince1970)
        let kind = engine.kind
        try await engine.write { [buckets, retentionSeconds] database in
            var known = try await buckets.all(on: database)
            var byBucket: [Int64: [[any Encodable & Sendable]]] = [:]
            for line in lines {
                var second = line.timestampNanos / 1_000_000_000
                if second < nowSeconds - retentionSeconds || second > nowSeconds + 60 { second = nowSeconds }
                let bucket = try await buckets.bucket(for: second, known: &known, kind: kind, on: database)
                byBucket[bucket.start, default: []].append([line.stream, line.timestampNanos, line.line.storable, line.traceID?.description,
                                                            line.spanID?.description, line.metadata?.storable])
            }
            for (start, rows) in byBucket {
                try await BulkInsert(table: TelemetryBuckets.name("log_lines", start), columns: ["stream_id", "ts_ns", "line", "trace_id", "span_id", "metadata"])
                    .run(rows, on: database)
            }
        }
    }

    public func lines(streams: [Int64], startNanos: Int64, endNanos: Int64, limit: Int, backward: Bool) async throws -> [LogLineRecord] {
        guard !streams.isEmpty, limit > 0 else { return [] }
        return try await engine.read { [buckets] database in
            var found: [LogLineRecord] = []
            var overlapping = try await buckets.overlapping(from: startNanos / 1_000_000_000 - 1, to: endNanos / 1_000_000_000 + 1, on: database)
            if !backward { overlapping.reverse() }
            for bucket in overlapping where found.count < limit {
                var query = SQLQueryString("SELECT \(Self.columns) FROM \(TelemetryBuckets.name("log_lines", bucket.start)) WHERE stream_id IN (")
                query.appendLiteral(streams.map(String.init).joined(separator: ", "))
                query.appendLiteral(") AND ts_ns >= ")
                query.appendInterpolation(bind: startNanos)
                query.appendLiteral(" AND ts_ns <= ")
                query.appendInterpolation(bind: endNanos)
                query.appendLiteral(" ORDER BY ts_ns \(backward ? "DESC" : "ASC") LIMIT \(limit - found.count)")
                found += try await database.raw(query).all().compactMap(Self.record)
            }
            return found.sorted { backward ? $0.timestampNanos > $1.timestampNanos : $0.timestampNanos < $1.timestampNanos }
        }
    }

    public func lines(traceID: TraceID, limit: Int) async throws -> [LogLineRecord] {
        try await engine.read { [buckets] database in
            var found: [LogLineRecord] = []
            for bucket in try await buckets.all(on: database) where found.count < limit {
                found += try await database.raw("""
                    SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: TelemetryBuckets.name("log_lines", bucket.start)) \
                    WHERE trace_id = \(bind: traceID.description) ORDER BY ts_ns LIMIT \(literal: limit - found.count)
                    """).all().compactMap(Self.record)
            }
            return found.sorted { $0.timestampNanos < $1.timestampNanos }
        }
    }

    public func activeStreams(startNanos: Int64, endNanos: Int64) async throws -> Set<Int64> {
        try await engine.read { [buckets] database in
            var streams = Set<Int64>()
            for bucket in try await buckets.overlapping(from: startNanos / 1_000_000_000 - 1, to: endNanos / 1_000_000_000 + 1, on: database) {
                let rows = try await database.raw("""
                    SELECT DISTINCT stream_id FROM \(unsafeRaw: TelemetryBuckets.name("log_lines", bucket.start)) \
                    WHERE ts_ns >= \(bind: startNanos) AND ts_ns <= \(bind: endNanos)
                    """).all()
                for row in rows { streams.insert(try row.decode(column: "stream_id", as: Int64.self)) }
            }
            return streams
        }
    }

    public func expire(before cutoff: Date) async throws -> Int {
        try await engine.write { [buckets] database in
            try await buckets.expire(endingBy: Int64(cutoff.timeIntervalSince1970), on: database)
        }
    }

    static let columns = "stream_id, ts_ns, line, trace_id, span_id, metadata"

    private static func record(_ row: any SQLRow) -> LogLineRecord? {
        guard let stream = try? row.decode(column: "stream_id", as: Int64.self), let time = try? row.decode(column: "ts_ns", as: Int64.self),
              let line = try? row.decode(column: "line", as: String.self) else { return nil }
        return LogLineRecord(stream: stream, timestampNanos: time, line: line,
                             traceID: ((try? row.decode(column: "trace_id", as: String?.self)) ?? nil).flatMap { TraceID(hex: $0) },
                             spanID: ((try? row.decode(column: "span_id", as: String?.self)) ?? nil).flatMap { SpanID(hex: $0) },
                             metadata: (try? row.decode(column: "metadata", as: String?.self)) ?? nil)
    }
}
