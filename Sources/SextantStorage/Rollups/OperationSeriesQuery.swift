import Foundation
import SextantCore

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
