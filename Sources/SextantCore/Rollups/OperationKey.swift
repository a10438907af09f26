/// Identifies an operation's bucket: service, span name, span kind and bucket start.
public struct OperationKey: Hashable, Sendable {
    public var service: String
    public var operation: String
    public var kind: SpanKind
    /// Start of the bucket, in seconds since 1970.
    public var bucket: Int64

    public init(service: String, operation: String, kind: SpanKind, bucket: Int64) {
        self.service = service
        self.operation = operation
        self.kind = kind
        self.bucket = bucket
    }
}
