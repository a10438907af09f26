import SextantCore
import SQLKit

extension SQLRollupStore {
    /// The operation rollup a row of summed `operation_rollups` columns holds.
    static func operationRollup(_ row: any SQLRow) throws -> OperationRollup {
        OperationRollup(
            requests: try row.decode(column: "requests", as: Int64.self),
            errors: try row.decode(column: "errors", as: Int64.self),
            serverErrors: try row.decode(column: "server_errors", as: Int64.self),
            latency: LatencyHistogram(
                counts: try histogramColumns.map { try row.decode(column: $0, as: Int64.self) },
                sum: try row.decode(column: "latency_sum", as: Double.self)
            )
        )
    }

    /// The edge rollup a row of summed `edge_rollups` columns holds.
    static func edgeRollup(_ row: any SQLRow) throws -> EdgeRollup {
        EdgeRollup(
            requests: try row.decode(column: "requests", as: Int64.self),
            errors: try row.decode(column: "errors", as: Int64.self),
            serverLatency: LatencyHistogram(
                counts: try serverHistogramColumns.map { try row.decode(column: $0, as: Int64.self) },
                sum: try row.decode(column: "server_latency_sum", as: Double.self)
            ),
            clientLatency: LatencyHistogram(
                counts: try clientHistogramColumns.map { try row.decode(column: $0, as: Int64.self) },
                sum: try row.decode(column: "client_latency_sum", as: Double.self)
            )
        )
    }

    /// The columns of an operation rollup before its histogram.
    static let countColumns = ["requests", "errors", "server_errors"]

    /// A bucket of summed operation rollups read by position: start, length, the counts, the
    /// histogram's buckets and its sum (as ``operationSeries(_:from:to:)`` selects them).
    static func operationRollup(_ values: ArraySlice<SQLValue>) -> TimedRollup<OperationRollup>? {
        let start = values.startIndex
        guard values.count == 2 + countColumns.count + histogramColumns.count + 1,
              let bucket = values[start].integer, let length = values[start + 1].integer,
              let requests = values[start + 2].integer, let errors = values[start + 3].integer, let serverErrors = values[start + 4].integer,
              let sum = values[values.endIndex - 1].real
        else { return nil }
        var latency = LatencyHistogram()
        for (bucketIndex, index) in ((start + 5)..<(values.endIndex - 1)).enumerated() {
            guard let count = values[index].integer else { return nil }
            latency.add(count, toBucket: bucketIndex)
        }
        latency.addToSum(sum)
        return TimedRollup(
            bucket: bucket, length: length,
            rollup: OperationRollup(requests: requests, errors: errors, serverErrors: serverErrors, latency: latency)
        )
    }
}
