import Foundation
import SextantCore
import SQLKit

/// The rollup store over any ``SQLEngine``.
public struct SQLRollupStore: RollupStore {
    let engine: any SQLEngine
    /// Folds of this process one at a time, each shared by every caller that asked while the
    /// previous one ran (replicas are kept apart by the fold's deletion check).
    private let folds: SharedRun<Int>

    /// Creates the store.
    public init(engine: any SQLEngine) {
        self.engine = engine
        self.folds = SharedRun { [engine] in try await Self.foldAll(engine: engine) }
    }

    /// Whether reads fold the log first (a folded view's reads do not: it was folded once).
    private var foldsBeforeReads = true

    /// Folds the log first, so that what was committed before a read is in what it reads.
    func freshen() async throws {
        guard foldsBeforeReads else { return }
        _ = try await folds.run()
    }

    public func foldedView() async throws -> SQLRollupStore {
        _ = try await folds.run()
        var view = self
        view.foldsBeforeReads = false
        return view
    }

    static let histogramColumns = (0..<LatencyHistogram.bucketCount).map { "l\($0)" }
    static let serverHistogramColumns = (0..<LatencyHistogram.bucketCount).map { "s\($0)" }
    static let clientHistogramColumns = (0..<LatencyHistogram.bucketCount).map { "c\($0)" }

    static let operationUpsert = AdditiveUpsert(
        table: "operation_rollups",
        columns: ["service", "operation", "kind", "resolution", "bucket", "requests", "errors", "server_errors", "latency_sum"] + histogramColumns,
        conflictColumns: ["service", "operation", "kind", "resolution", "bucket"],
        additiveColumns: ["requests", "errors", "server_errors", "latency_sum"] + histogramColumns
    )

    /// Every operation's hourly series (`operation_hours`, migration 17): the fold adds each
    /// minute to its hour too.
    static let operationHourUpsert = AdditiveUpsert(
        table: "operation_hours",
        columns: ["service", "operation", "kind", "bucket", "requests", "errors", "server_errors", "latency_sum"] + histogramColumns,
        conflictColumns: ["service", "bucket", "operation", "kind"],
        additiveColumns: ["requests", "errors", "server_errors", "latency_sum"] + histogramColumns
    )

    static let versionUpsert = AdditiveUpsert(
        table: "version_rollups",
        columns: ["service", "version", "resolution", "bucket", "requests", "errors", "server_errors", "latency_sum"] + histogramColumns,
        conflictColumns: ["service", "version", "resolution", "bucket"],
        additiveColumns: ["requests", "errors", "server_errors", "latency_sum"] + histogramColumns
    )

    static let versionOperationUpsert = AdditiveUpsert(
        table: "operation_version_rollups",
        columns: ["service", "version", "operation", "kind", "resolution", "bucket", "requests", "errors", "server_errors", "latency_sum"]
            + histogramColumns,
        conflictColumns: ["service", "version", "operation", "kind", "resolution", "bucket"],
        additiveColumns: ["requests", "errors", "server_errors", "latency_sum"] + histogramColumns
    )

    static let edgeUpsert = AdditiveUpsert(
        table: "edge_rollups",
        columns: ["client", "server", "connection_type", "resolution", "bucket", "requests", "errors", "server_latency_sum"]
            + serverHistogramColumns + ["client_latency_sum"] + clientHistogramColumns,
        conflictColumns: ["client", "server", "connection_type", "resolution", "bucket"],
        additiveColumns: ["requests", "errors", "server_latency_sum"] + serverHistogramColumns + ["client_latency_sum"] + clientHistogramColumns
    )

    /// Seeing an edge again makes it fresh.
    static let observedEdgeUpsert = AdditiveUpsert(
        table: "observed_edges",
        columns: ["client", "server", "connection_type", "origin", "first_seen", "last_seen", "stale"],
        conflictColumns: ["client", "server", "connection_type", "origin"],
        additiveColumns: [],
        otherAssignments: [Self.latest("observed_edges"), "stale = excluded.stale"]
    )

    static let observedServiceUpsert = AdditiveUpsert(
        table: "observed_services",
        columns: ["service", "first_seen", "last_seen"],
        conflictColumns: ["service"],
        additiveColumns: [],
        otherAssignments: [Self.latest("observed_services")]
    )

    /// `last_seen` keeps the later of the stored and the new time (portable: no MAX/GREATEST);
    /// `first_seen` stays as first stored, which no later fold can precede.
    private static func latest(_ table: String) -> String {
        "last_seen = CASE WHEN excluded.last_seen > \(table).last_seen THEN excluded.last_seen ELSE \(table).last_seen END"
    }

    public func commit(_ delta: RollupDelta, at now: Date) async throws {
        guard !delta.isEmpty else { return }
        let payload = DeltaCodec.encode(delta)
        let received = now.millisecondsSince1970
        try await engine.write { database in
            try await database.raw("INSERT INTO ingest_batches (payload, created_at) VALUES (\(bind: payload), \(bind: received))").run()
        }
    }

    /// The most logged deltas folded in one transaction.
    static let foldLimit = 500

    @discardableResult
    public func foldPending() async throws -> Int {
        try await folds.run()
    }

    private static func foldAll(engine: any SQLEngine) async throws -> Int {
        var folded = 0
        var conflicts = 0
        while true {
            do {
                let count = try await foldOnce(engine: engine)
                folded += count
                if count < Self.foldLimit { return folded }
            } catch is FoldConflict where conflicts < 5 {
                conflicts += 1  // another replica folded some of these first: read again
            }
        }
    }

    /// Another folder claimed some of the batches read.
    private struct FoldConflict: Error {}

    /// Reads and merges logged deltas outside any write transaction, then, in one short write
    /// transaction, deletes exactly those (all must still be there) and adds them to the rollups.
    private static func foldOnce(engine: any SQLEngine) async throws -> Int {
        let rows = try await engine.read { database in
            try await database.raw("SELECT id, payload, created_at FROM ingest_batches ORDER BY id LIMIT \(literal: Self.foldLimit)")
                .all().map { row in
                    (id: try row.decode(column: "id", as: Int64.self), payload: try row.decode(column: "payload", as: Data.self),
                     received: try row.decode(column: "created_at", as: Int64.self))
                }
        }
        guard !rows.isEmpty else { return 0 }
        var total = RollupDelta()
        var seenEdges: [EdgeIdentity: (first: Int64, last: Int64)] = [:]
        var seenServices: [String: (first: Int64, last: Int64)] = [:]
        for row in rows {
            // A batch that cannot be read is reported and deleted with the others: left in
            // place it would stop every fold (and every read that folds first).
            let delta: RollupDelta
            do {
                delta = try DeltaCodec.decode(row.payload)
            } catch {
                engine.unreadableRows.record(table: "ingest_batches", error: error)
                continue
            }
            for key in delta.edges.keys {
                let identity = EdgeIdentity(client: key.client, server: key.server, connectionType: key.connectionType)
                let seen = seenEdges[identity]
                seenEdges[identity] = (min(seen?.first ?? row.received, row.received), max(seen?.last ?? row.received, row.received))
            }
            for key in delta.operations.keys {
                let seen = seenServices[key.service]
                seenServices[key.service] = (min(seen?.first ?? row.received, row.received), max(seen?.last ?? row.received, row.received))
            }
            total.merge(delta)
        }
        let ids = rows.map(\.id)
        let operationRows = Self.operationRows(total)
        let operationHourRows = Self.operationHourRows(total)
        let edgeRows = Self.edgeRows(total)
        let versionRows = Self.versionRows(total)
        let versionOperationRows = Self.versionOperationRows(total)
        let edgeSightings: [[any Encodable & Sendable]] = seenEdges
            .sorted { ($0.key.client, $0.key.server, $0.key.connectionType.rawValue) < ($1.key.client, $1.key.server, $1.key.connectionType.rawValue) }
            .map { [$0.key.client, $0.key.server, $0.key.connectionType.rawValue, EdgeOrigin.traces.rawValue, $0.value.first, $0.value.last, false] }
        let serviceSightings: [[any Encodable & Sendable]] = seenServices.sorted { $0.key < $1.key }.map { [$0.key, $0.value.first, $0.value.last] }
        let kind = engine.kind
        try await engine.write { database in
            if kind == .postgres {
                // Replicas fold one at a time; the deletion below tells whether one got here first.
                _ = try await database.raw("SELECT pg_advisory_xact_lock(\(bind: Self.foldLockKey))").all()
            }
            var deleted = 0
            for chunk in ids.chunked(into: 1_000) {
                deleted += try await database.raw("DELETE FROM ingest_batches WHERE id IN (\(binds: chunk.map { $0 })) RETURNING id").all().count
            }
            guard deleted == ids.count else { throw FoldConflict() }
            try await Self.operationUpsert.run(operationRows, on: database)
            try await Self.operationHourUpsert.run(operationHourRows, on: database)
            try await Self.edgeUpsert.run(edgeRows, on: database)
            try await Self.versionUpsert.run(versionRows, on: database)
            try await Self.versionOperationUpsert.run(versionOperationRows, on: database)
            try await Self.observedEdgeUpsert.run(edgeSightings, on: database)
            try await Self.observedServiceUpsert.run(serviceSightings, on: database)
        }
        return rows.count
    }

    /// The PostgreSQL advisory lock that serializes folds across replicas.
    static let foldLockKey: Int64 = 0x5EC7_F01D

    /// An operation rollup's values in the upserts' column order: requests, errors, 5xx, the
    /// latency sum and the histogram.
    private static func upsertValues(of rollup: OperationRollup) -> [any Encodable & Sendable] {
        [rollup.requests, rollup.errors, rollup.serverErrors, rollup.latency.sum] + rollup.latency.counts.map { $0 as any Encodable & Sendable }
    }

    /// A delta's operation rollups as upsert rows, in a stable key order (so that concurrent
    /// writers lock rows in the same order).
    private static func operationRows(_ delta: RollupDelta) -> [[any Encodable & Sendable]] {
        let minute = Int(RollupDelta.minute)
        return delta.operations
            .sorted { ($0.key.service, $0.key.operation, $0.key.kind.rawValue, $0.key.bucket) < ($1.key.service, $1.key.operation, $1.key.kind.rawValue, $1.key.bucket) }
            .map { key, rollup in
                [key.service, key.operation, key.kind.rawValue, minute, key.bucket] + upsertValues(of: rollup)
            }
    }

    /// A delta's operation rollups summed into their hours as upsert rows, in a stable key order.
    private static func operationHourRows(_ delta: RollupDelta) -> [[any Encodable & Sendable]] {
        var hours: [OperationKey: OperationRollup] = [:]
        for (key, rollup) in delta.operations {
            var hour = key
            hour.bucket = RollupRetention.hourBucket(key.bucket)
            hours[hour, default: OperationRollup()].merge(rollup)
        }
        return hours
            .sorted { ($0.key.service, $0.key.bucket, $0.key.operation, $0.key.kind.rawValue) < ($1.key.service, $1.key.bucket, $1.key.operation, $1.key.kind.rawValue) }
            .map { key, rollup in
                [key.service, key.operation, key.kind.rawValue, key.bucket] + upsertValues(of: rollup)
            }
    }

    /// A delta's version rollups as upsert rows, in a stable key order.
    private static func versionRows(_ delta: RollupDelta) -> [[any Encodable & Sendable]] {
        let minute = Int(RollupDelta.minute)
        return delta.versions
            .sorted { ($0.key.service, $0.key.version, $0.key.bucket) < ($1.key.service, $1.key.version, $1.key.bucket) }
            .map { key, rollup in
                [key.service, key.version, minute, key.bucket] + upsertValues(of: rollup)
            }
    }

    /// A delta's version rollups per operation as upsert rows, in a stable key order.
    private static func versionOperationRows(_ delta: RollupDelta) -> [[any Encodable & Sendable]] {
        let minute = Int(RollupDelta.minute)
        return delta.versionOperations
            .sorted { ($0.key.service, $0.key.version, $0.key.operation, $0.key.kind.rawValue, $0.key.bucket)
                < ($1.key.service, $1.key.version, $1.key.operation, $1.key.kind.rawValue, $1.key.bucket) }
            .map { key, rollup in
                [key.service, key.version, key.operation, key.kind.rawValue, minute, key.bucket] + upsertValues(of: rollup)
            }
    }

    public func versions(of service: String, operation: String, from: Int64, to: Int64) async throws -> [String: OperationRollup] {
        try await freshen()
        return try await engine.read { database in
            let rows = try await database.raw("""
                SELECT version, \(unsafeRaw: Self.sums(Self.countColumns + Self.histogramColumns)), \
                \(unsafeRaw: Self.realSum("latency_sum")) FROM operation_version_rollups \
                WHERE service = \(bind: service) AND operation = \(bind: operation) AND bucket >= \(bind: from) AND bucket < \(bind: to) \
                GROUP BY version
                """).all()
            var result: [String: OperationRollup] = [:]
            for row in rows { result[try row.decode(column: "version", as: String.self)] = try Self.operationRollup(row) }
            return result
        }
    }

    public func versions(of service: String, from: Int64, to: Int64) async throws -> [String: OperationRollup] {
        try await freshen()
        return try await engine.read { database in
            let rows = try await database.raw("""
                SELECT version, \(unsafeRaw: Self.sums(Self.countColumns + Self.histogramColumns)), \
                \(unsafeRaw: Self.realSum("latency_sum")) FROM version_rollups \
                WHERE service = \(bind: service) AND bucket >= \(bind: from) AND bucket < \(bind: to) GROUP BY version
                """).all()
            var result: [String: OperationRollup] = [:]
            for row in rows { result[try row.decode(column: "version", as: String.self)] = try Self.operationRollup(row) }
            return result
        }
    }

    /// A delta's edge rollups as upsert rows, in a stable key order.
    private static func edgeRows(_ delta: RollupDelta) -> [[any Encodable & Sendable]] {
        let minute = Int(RollupDelta.minute)
        return delta.edges
            .sorted { ($0.key.client, $0.key.server, $0.key.connectionType.rawValue, $0.key.bucket) < ($1.key.client, $1.key.server, $1.key.connectionType.rawValue, $1.key.bucket) }
            .map { key, rollup in
                [key.client, key.server, key.connectionType.rawValue, minute, key.bucket, rollup.requests, rollup.errors,
                 rollup.serverLatency.sum] + rollup.serverLatency.counts.map { $0 as any Encodable & Sendable }
                    + [rollup.clientLatency.sum as any Encodable & Sendable] + rollup.clientLatency.counts.map { $0 as any Encodable & Sendable }
            }
    }

    public func operations(of service: String, from: Int64, to: Int64) async throws -> [OperationIdentity: OperationRollup] {
        try await freshen()
        return try await engine.read { database in
            let rows = try await database.raw("""
                SELECT operation, kind, \(unsafeRaw: Self.sums(Self.countColumns + Self.histogramColumns)), \
                \(unsafeRaw: Self.realSum("latency_sum")) FROM operation_rollups \
                WHERE service = \(bind: service) AND bucket >= \(bind: from) AND bucket < \(bind: to) GROUP BY operation, kind
                """).all()
            var result: [OperationIdentity: OperationRollup] = [:]
            for row in rows {
                let identity = OperationIdentity(
                    operation: try row.decode(column: "operation", as: String.self),
                    kind: SpanKind(rawValue: try row.decode(column: "kind", as: Int.self)) ?? .unspecified
                )
                result[identity] = try Self.operationRollup(row)
            }
            return result
        }
    }

    public func edges(from: Int64, to: Int64, client: String?, server: String?) async throws -> [EdgeIdentity: EdgeRollup] {
        try await freshen()
        return try await engine.read { database in
            let select: String = """
                SELECT client, server, connection_type, \(Self.sums(["requests", "errors"] + Self.serverHistogramColumns + Self.clientHistogramColumns)), \
                \(Self.realSum("server_latency_sum")), \(Self.realSum("client_latency_sum")) FROM edge_rollups WHERE bucket >= 
                """
            var query = SQLQueryString(select)
            query.appendInterpolation(bind: from)
            query.appendLiteral(" AND bucket < ")
            query.appendInterpolation(bind: to)
            if let client {
                query.appendLiteral(" AND client = ")
                query.appendInterpolation(bind: client)
            }
            if let server {
                query.appendLiteral(" AND server = ")
                query.appendInterpolation(bind: server)
            }
            query.appendLiteral(" GROUP BY client, server, connection_type")
            var result: [EdgeIdentity: EdgeRollup] = [:]
            for row in try await database.raw(query).all() {
                let identity = EdgeIdentity(
                    client: try row.decode(column: "client", as: String.self),
                    server: try row.decode(column: "server", as: String.self),
                    connectionType: ConnectionType(rawValue: try row.decode(column: "connection_type", as: String.self)) ?? .direct
                )
                result[identity] = try Self.edgeRollup(row)
            }
            return result
        }
    }

    public func observedEdges() async throws -> [ObservedEdge] {
        try await freshen()
        return try await engine.read { database in
            try await database.raw("""
                SELECT client, server, connection_type, origin, first_seen, last_seen, stale FROM observed_edges \
                ORDER BY client, server, connection_type, origin
                """).all().map { row in
                    ObservedEdge(
                        client: try row.decode(column: "client", as: String.self),
                        server: try row.decode(column: "server", as: String.self),
                        connectionType: ConnectionType(rawValue: try row.decode(column: "connection_type", as: String.self)) ?? .direct,
                        origin: EdgeOrigin(rawValue: try row.decode(column: "origin", as: String.self)) ?? .traces,
                        firstSeen: Date(millisecondsSince1970: try row.decode(column: "first_seen", as: Int64.self)),
                        lastSeen: Date(millisecondsSince1970: try row.decode(column: "last_seen", as: Int64.self)),
                        isStale: try row.decode(column: "stale", as: Bool.self)
                    )
                }
        }
    }

    public func recordObservedEdges(_ edges: [ObservedEdge]) async throws {
        guard !edges.isEmpty else { return }
        let rows: [[any Encodable & Sendable]] = edges
            .sorted { ($0.client, $0.server, $0.connectionType.rawValue) < ($1.client, $1.server, $1.connectionType.rawValue) }
            .map { [$0.client, $0.server, $0.connectionType.rawValue, $0.origin.rawValue,
                    $0.firstSeen.millisecondsSince1970, $0.lastSeen.millisecondsSince1970, false] }
        try await engine.write { database in try await Self.observedEdgeUpsert.run(rows, on: database) }
    }

    public func markStaleEdges(lastSeenBefore cutoff: Date) async throws -> Int {
        let milliseconds = cutoff.millisecondsSince1970
        return try await engine.write { database in
            try await database.raw("""
                UPDATE observed_edges SET stale = \(bind: true) \
                WHERE stale = \(bind: false) AND last_seen < \(bind: milliseconds) RETURNING client
                """).all().count
        }
    }

    public func observedServices() async throws -> [ObservedService] {
        try await freshen()
        return try await engine.read { database in
            try await database.raw("SELECT service, first_seen, last_seen FROM observed_services ORDER BY service").all().map { row in
                ObservedService(
                    name: try row.decode(column: "service", as: String.self),
                    firstSeen: Date(millisecondsSince1970: try row.decode(column: "first_seen", as: Int64.self)),
                    lastSeen: Date(millisecondsSince1970: try row.decode(column: "last_seen", as: Int64.self))
                )
            }
        }
    }

    public func applyRetention(_ pass: RollupRetention.Pass) async throws {
        try await freshen()
        let hour = RollupRetention.hour
        let minute = RollupDelta.minute
        try await engine.write { database in
            for (upsert, keys) in [(Self.operationUpsert, ["service", "operation", "kind"]), (Self.edgeUpsert, ["client", "server", "connection_type"]),
                                 (Self.versionUpsert, ["service", "version"]),
                                 (Self.versionOperationUpsert, ["service", "version", "operation", "kind"])] {
                let additive = upsert.additiveColumns
                // Fold whole hours of minute buckets into hour buckets, adding to any already there.
                let foldSelect: String = """
                    INSERT INTO \(upsert.table) (\(keys.joined(separator: ", ")), resolution, bucket, \(additive.joined(separator: ", "))) \
                    SELECT \(keys.joined(separator: ", ")), \(hour), bucket - (bucket % \(hour)), \
                    \(additive.map { "SUM(\($0))" }.joined(separator: ", ")) FROM \(upsert.table) \
                    WHERE resolution = \(minute) AND bucket < 
                    """
                let foldConflict: String = """
                     GROUP BY \(keys.joined(separator: ", ")), bucket - (bucket % \(hour)) \
                    ON CONFLICT (\(upsert.conflictColumns.joined(separator: ", "))) DO UPDATE SET \
                    \(additive.map { "\($0) = \(upsert.table).\($0) + excluded.\($0)" }.joined(separator: ", "))
                    """
                var fold = SQLQueryString(foldSelect)
                fold.appendInterpolation(bind: pass.downsampleBefore)
                fold.appendLiteral(foldConflict)
                try await database.raw(fold).run()
                try await database.raw("DELETE FROM \(unsafeRaw: upsert.table) WHERE resolution = \(bind: Int(minute)) AND bucket < \(bind: pass.downsampleBefore)").run()
                try await database.raw("DELETE FROM \(unsafeRaw: upsert.table) WHERE resolution = \(bind: Int(hour)) AND bucket < \(bind: pass.deleteHoursBefore)").run()
            }
            try await database.raw("DELETE FROM operation_hours WHERE bucket < \(bind: pass.deleteHoursBefore)").run()
        }
    }

    /// `CAST(SUM(c) AS BIGINT) AS c, …`: PostgreSQL sums BIGINT into NUMERIC.
    static func sums(_ columns: [String]) -> String {
        columns.map { "CAST(SUM(\($0)) AS BIGINT) AS \($0)" }.joined(separator: ", ")
    }

    static func realSum(_ column: String) -> String {
        "CAST(SUM(\(column)) AS DOUBLE PRECISION) AS \(column)"
    }
}
