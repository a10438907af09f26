import Foundation
import SextantCore

/// An operation of a service: a span name and kind.
public struct OperationIdentity: Hashable, Sendable {
    public var operation: String
    public var kind: SpanKind

    public init(operation: String, kind: SpanKind) {
        self.operation = operation
        self.kind = kind
    }
}
