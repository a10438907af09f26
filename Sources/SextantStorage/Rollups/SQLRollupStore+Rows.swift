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

    /// What an operation series read selects of `measures`, in order: the requests, the error
    /// counts measured, each histogram run (summed into one column) and the latency sum if
    /// measured.
    static func measuredColumns(_ measures: RollupMeasures) -> [String] {
        var columns = ["CAST(SUM(requests) AS BIGINT)"]
        if measures.errors { columns.append("CAST(SUM(errors) AS BIGINT)") }
        if measures.serverErrors { columns.append("CAST(SUM(server_errors) AS BIGINT)") }
        for run in measures.histogramRuns {
            columns.append("CAST(SUM(\(run.map { histogramColumns[$0] }.joined(separator: " + "))) AS BIGINT)")
        }
        if measures.latencySum { columns.append("CAST(SUM(latency_sum) AS DOUBLE PRECISION)") }
        return columns
    }

    /// A bucket of summed operation rollups read by position: start, length and the columns of
    /// `measures` (as ``measuredColumns(_:)`` selects them); what is not measured is zero, and a
    /// histogram run's count is in its first bucket.
    static func operationRollup(_ values: ArraySlice<SQLValue>, measures: RollupMeasures) -> TimedRollup<OperationRollup>? {
        var index = values.startIndex
        func next() -> SQLValue? {
            guard index < values.endIndex else { return nil }
            defer { index += 1 }
            return values[index]
        }
        guard let bucket = next()?.integer, let length = next()?.integer, let requests = next()?.integer else { return nil }
        var rollup = OperationRollup()
        rollup.requests = requests
        if measures.errors {
            guard let errors = next()?.integer else { return nil }
            rollup.errors = errors
        }
        if measures.serverErrors {
            guard let serverErrors = next()?.integer else { return nil }
            rollup.serverErrors = serverErrors
        }
        for run in measures.histogramRuns {
            guard let count = next()?.integer else { return nil }
            rollup.latency.add(count, toBucket: run.lowerBound)
        }
        if measures.latencySum {
            guard let sum = next()?.real else { return nil }
            rollup.latency.addToSum(sum)
        }
        guard index == values.endIndex else { return nil }
        return TimedRollup(bucket: bucket, length: length, rollup: rollup)
    }
}
