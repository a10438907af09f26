import Foundation
import SextantCore

/// A rollup and the bucket it fills.
public struct TimedRollup<Rollup: Sendable>: Sendable {
    /// Start of the bucket, in seconds since 1970.
    public var bucket: Int64
    /// The bucket's length in seconds (60 or 3,600).
    public var length: Int64
    public var rollup: Rollup

    public init(bucket: Int64, length: Int64, rollup: Rollup) {
        self.bucket = bucket
        self.length = length
        self.rollup = rollup
    }
}

/// Which operation rollups of a service to read as a series.
public struct OperationSeriesQuery: Sendable, Hashable {
    public var service: String
    /// One operation, or all of them.
    public var operation: String?
    /// Only these span kinds, or all.
    public var kinds: [SpanKind]?

    public init(service: String, operation: String? = nil, kinds: [SpanKind]? = nil) {
        self.service = service
        self.operation = operation
        self.kinds = kinds
    }
}

/// Rollups as time series, for objectives.
public protocol TelemetrySeriesStore: Sendable {
    /// Per bucket, the sum of the selected operation rollups starting in `[from, to)`, ordered.
    func operationSeries(_ query: OperationSeriesQuery, from: Int64, to: Int64) async throws -> [TimedRollup<OperationRollup>]
    /// Per server and bucket, the rollups of `client`'s edges (to `server` only, if given)
    /// starting in `[from, to)`, each ordered.
    func edgeSeries(client: String, server: String?, from: Int64, to: Int64) async throws -> [String: [TimedRollup<EdgeRollup>]]
}
