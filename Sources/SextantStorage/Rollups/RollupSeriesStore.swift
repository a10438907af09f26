import Foundation
import SextantCore

/// Rollups as time series, for objectives.
public protocol RollupSeriesStore: Sendable {
    /// Per bucket, the sum of the selected operation rollups starting in `[from, to)`, ordered.
    func operationSeries(_ query: OperationSeriesQuery, from: Int64, to: Int64) async throws -> [TimedRollup<OperationRollup>]
    /// Per server and bucket, the rollups of `client`'s edges (to `server` only, if given)
    /// starting in `[from, to)`, each ordered.
    func edgeSeries(client: String, server: String?, from: Int64, to: Int64) async throws -> [String: [TimedRollup<EdgeRollup>]]
}
