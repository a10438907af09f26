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
}
