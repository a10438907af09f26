import Foundation
import SextantCore

/// Which operation rollups of a service to read as a series.
public struct OperationSeriesQuery: Sendable, Hashable {
    public var service: String
    /// One operation, or all of them.
    public var operation: String?
    /// Only these span kinds, or all.
    public var kinds: [SpanKind]?
    /// Buckets starting before this are read summed into the hours they fall in (an hour's
    /// start), so that a long series is read at the resolution it is kept at.
    public var hoursBefore: Int64?

    public init(service: String, operation: String? = nil, kinds: [SpanKind]? = nil, hoursBefore: Int64? = nil) {
        self.service = service
        self.operation = operation
        self.kinds = kinds
        self.hoursBefore = hoursBefore
    }
}
