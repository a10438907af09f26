import Foundation
import SextantCore

/// Rollups as time series, for objectives. Reads fold the ingest log first, as
/// ``RollupStore``'s do.
public protocol RollupSeriesStore: Sendable {
    /// The series as they are after a fold now; reads of the view fold nothing more.
    func foldedView() async throws -> Self
    /// Per bucket, the sum of the selected operation rollups starting in `[from, to)`, ordered.
    func operationSeries(_ query: OperationSeriesQuery, from: Int64, to: Int64) async throws -> [TimedRollup<OperationRollup>]
    /// The series of every service with rollups starting in `[from, to)`, selected as `query`
    /// selects its own service's, by service: one read for many services, through the rollups'
    /// time index — for a short, recent range.
    func operationSeriesOfEveryService(like query: OperationSeriesQuery, from: Int64, to: Int64) async throws
        -> [String: [TimedRollup<OperationRollup>]]
    /// Per server and bucket, the rollups of `client`'s edges (to `server` only, if given)
    /// starting in `[from, to)`, each ordered.
    func edgeSeries(client: String, server: String?, from: Int64, to: Int64) async throws -> [String: [TimedRollup<EdgeRollup>]]
}
