import Foundation
import SextantCore
import SQLKit

extension SQLRollupStore: RollupSeriesStore {
    public func operationSeries(_ selection: OperationSeriesQuery, from: Int64, to: Int64) async throws -> [TimedRollup<OperationRollup>] {
        // Through the index on (service, bucket): a service's newest buckets are read without
        // going through its older ones.
        var query = SQLQueryString("service = ")
        query.appendInterpolation(bind: selection.service)
        return try await operationSeries(where: query, selection, from: from, to: to)[selection.service] ?? []
    }

    public func operationSeriesOfEveryService(like selection: OperationSeriesQuery, from: Int64, to: Int64) async throws
        -> [String: [TimedRollup<OperationRollup>]] {
        // Through the index on (resolution, bucket): every resolution a rollup is kept at.
        let resolutions: String = "resolution IN (\(RollupDelta.minute), \(RollupRetention.hour))"
        return try await operationSeries(where: SQLQueryString(resolutions), selection, from: from, to: to)
    }

    /// The series of the services `condition` selects, selected as `selection` selects its own
    /// service's, by service.
    private func operationSeries(
        where condition: SQLQueryString, _ selection: OperationSeriesQuery, from: Int64, to: Int64
    ) async throws -> [String: [TimedRollup<OperationRollup>]] {
        try await freshen()
        // Older buckets summed into their hours (the values are integers the query writes itself).
        let hour = RollupRetention.hour
        let bucket = selection.hoursBefore.map { "CASE WHEN bucket < \($0) THEN bucket - bucket % \(hour) ELSE bucket END" } ?? "bucket"
        let length = selection.hoursBefore.map { "CASE WHEN bucket < \($0) THEN \(hour) ELSE resolution END" } ?? "resolution"
        let select: String = """
            SELECT service, \(bucket) AS slot, \(length) AS slot_length, \(Self.sums(Self.countColumns + Self.histogramColumns)), \
            \(Self.realSum("latency_sum")) FROM operation_rollups WHERE 
            """
        var query = SQLQueryString(select)
        query += condition
        query.appendLiteral(" AND bucket >= ")
        query.appendInterpolation(bind: from)
        query.appendLiteral(" AND bucket < ")
        query.appendInterpolation(bind: to)
        if let operation = selection.operation {
            query.appendLiteral(" AND operation = ")
            query.appendInterpolation(bind: operation)
        }
        if let kinds = selection.kinds {
            query.appendLiteral(" AND kind IN (\(kinds.map { String($0.rawValue) }.joined(separator: ", ")))")
        }
        query.appendLiteral(" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")
        // Read by position: decoding ~20 columns by name costs more than the query.
        let rows = try await engine.readByPosition(query)
        var result: [String: [TimedRollup<OperationRollup>]] = [:]
        for index in 0..<rows.count {
            let row = rows[index]
            guard let service = row[row.startIndex].text, let rollup = Self.operationRollup(row.dropFirst()) else {
                throw UnreadableByPosition(description: "an operation series row holds unexpected values: \(Array(row))")
            }
            result[service, default: []].append(rollup)
        }
        return result
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
