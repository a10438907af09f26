import Foundation
import SextantCore
import SQLKit

extension SQLRollupStore: RollupSeriesStore {
    public func operationSeries(_ selection: OperationSeriesQuery, from: Int64, to: Int64) async throws -> [TimedRollup<OperationRollup>] {
        try await operationSeries(of: selection.service, selection, from: from, to: to)[selection.service] ?? []
    }

    public func operationSeriesOfEveryService(like selection: OperationSeriesQuery, from: Int64, to: Int64) async throws
        -> [String: [TimedRollup<OperationRollup>]] {
        try await operationSeries(of: nil, selection, from: from, to: to)
    }

    /// The series of `service` (of every service when `nil`), selected as `selection` selects
    /// its own service's, by service.
    private func operationSeries(
        of service: String?, _ selection: OperationSeriesQuery, from: Int64, to: Int64
    ) async throws -> [String: [TimedRollup<OperationRollup>]] {
        try await freshen()
        let parts = selection.parts(from: from, to: to)
        guard !parts.isEmpty else { return [:] }
        var query = SQLQueryString("")
        for (index, part) in parts.enumerated() {
            if index > 0 { query.appendLiteral(" UNION ALL ") }
            query += Self.operationSeriesPart(part, of: service, selection)
        }
        // Read by position: decoding ~20 columns by name costs more than the query. Every
        // service's rows are told apart by a first column; one service's need none.
        let rows = try await engine.readByPosition(query)
        func rollup(_ values: ArraySlice<SQLValue>) throws -> TimedRollup<OperationRollup> {
            guard let rollup = Self.operationRollup(values, measures: selection.measures) else {
                throw UnreadableByPosition(description: "an operation series row holds unexpected values: \(Array(values))")
            }
            return rollup
        }
        if let service {
            // One service's series, in an array of its final size: a month's rows of hours and
            // minutes make a few hundred kilobytes, which growing would copy again and again.
            var series: [TimedRollup<OperationRollup>] = []
            series.reserveCapacity(rows.count)
            for index in 0..<rows.count { series.append(try rollup(rows[index])) }
            return series.isEmpty ? [:] : [service: Self.ordered(series)]
        }
        var result: [String: [TimedRollup<OperationRollup>]] = [:]
        for index in 0..<rows.count {
            let row = rows[index]
            guard let rowService = row[row.startIndex].text else {
                throw UnreadableByPosition(description: "an operation series row holds unexpected values: \(Array(row))")
            }
            result[rowService, default: []].append(try rollup(row.dropFirst()))
        }
        return result.mapValues(Self.ordered)
    }

    /// `series` in time order. Ordered here rather than by the statement: a service's rows
    /// mostly come in order already (its parts read through indexes in time order), and sorting
    /// them in SQL costs a sorter per read.
    private static func ordered(_ series: [TimedRollup<OperationRollup>]) -> [TimedRollup<OperationRollup>] {
        zip(series, series.dropFirst()).allSatisfy({ precedes($0, $1) }) ? series : series.sorted(by: precedes)
    }

    private static func precedes(_ left: TimedRollup<OperationRollup>, _ right: TimedRollup<OperationRollup>) -> Bool {
        (left.bucket, left.length) < (right.bucket, right.length)
    }

    /// One part of an operation series read: its buckets (or its hours, from the hourly series)
    /// with the sums of what the read measures (``measuredColumns(_:)``), after the service when
    /// every service is read.
    private static func operationSeriesPart(_ part: OperationSeriesQuery.Part, of service: String?, _ selection: OperationSeriesQuery) -> SQLQueryString {
        // Grouped by time alone, so that a service's rows stream through its index in order; an
        // hour bucket and a minute starting together (minutes kept for less than the hours
        // read) make one bucket of the shorter length, as a series merges them anyway.
        let columns = (service == nil ? ["service"] : []) + ["bucket", part.hours ? "\(RollupRetention.hour)" : "MIN(resolution)"]
            + measuredColumns(selection.measures)
        let select: String = "SELECT \(columns.joined(separator: ", ")) FROM \(part.hours ? "operation_hours" : "operation_rollups") "
        var query = SQLQueryString(select)
        query += filter(part, of: service, selection)
        query.appendLiteral(service == nil ? " GROUP BY service, bucket" : " GROUP BY bucket")
        return query
    }

    /// `WHERE …` selecting the rows of `part` for `selection`, of `service` or of every one: a
    /// service's through the index on (service, bucket) (its newest buckets without going
    /// through its older ones), every service's minutes through the one on (resolution, bucket).
    private static func filter(_ part: OperationSeriesQuery.Part, of service: String?, _ selection: OperationSeriesQuery) -> SQLQueryString {
        var query = SQLQueryString("WHERE bucket >= ")
        query.appendInterpolation(bind: part.from)
        query.appendLiteral(" AND bucket < ")
        query.appendInterpolation(bind: part.to)
        if let service {
            query.appendLiteral(" AND service = ")
            query.appendInterpolation(bind: service)
        } else if !part.hours {
            query.appendLiteral(" AND resolution IN (\(RollupDelta.minute), \(RollupRetention.hour))")
        }
        if let operation = selection.operation {
            query.appendLiteral(" AND operation = ")
            query.appendInterpolation(bind: operation)
        }
        if let kinds = selection.kinds {
            query.appendLiteral(" AND kind IN (\(kinds.map { String($0.rawValue) }.joined(separator: ", ")))")
        }
        return query
    }

    public func edgeSeries(client: String, server: String?, from: Int64, to: Int64) async throws -> [String: [TimedRollup<EdgeRollup>]] {
        try await freshen()
        return try await engine.read { database in
            let select: String = """
                SELECT server, bucket, resolution, \(Self.sums(["requests", "errors"] + Self.serverHistogramColumns + Self.clientHistogramColumns)), \
                \(Self.realSum("server_latency_sum")), \(Self.realSum("client_latency_sum")) FROM edge_rollups WHERE client = 
                """
            var query = SQLQueryString(select)
            query.appendInterpolation(bind: client)
            query.appendLiteral(" AND bucket >= ")
            query.appendInterpolation(bind: from)
            query.appendLiteral(" AND bucket < ")
            query.appendInterpolation(bind: to)
            if let server {
                query.appendLiteral(" AND server = ")
                query.appendInterpolation(bind: server)
            }
            query.appendLiteral(" GROUP BY server, bucket, resolution ORDER BY server, bucket, resolution")
            var result: [String: [TimedRollup<EdgeRollup>]] = [:]
            for row in try await database.raw(query).all() {
                let rollup = try Self.edgeRollup(row)
                result[try row.decode(column: "server", as: String.self), default: []].append(TimedRollup(
                    bucket: try row.decode(column: "bucket", as: Int64.self),
                    length: try row.decode(column: "resolution", as: Int64.self),
                    rollup: rollup
                ))
            }
            return result
        }
    }
}
