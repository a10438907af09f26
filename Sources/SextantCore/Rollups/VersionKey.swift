/// The key of a version's rollups: whose version it is, which ``VersionCap`` may change.
public protocol VersionedKey: Hashable, Sendable {
    var service: String { get }
    var version: String { get set }
}

/// Identifies the bucket of one version of a service: service, `service.version` and bucket start.
public struct VersionKey: VersionedKey {
    public var service: String
    public var version: String
    /// Start of the bucket, in seconds since 1970.
    public var bucket: Int64

    public init(service: String, version: String, bucket: Int64) {
        self.service = service
        self.version = version
        self.bucket = bucket
    }
}

/// Identifies the bucket of one operation of one version of a service.
public struct VersionOperationKey: VersionedKey {
    public var service: String
    public var version: String
    public var operation: String
    public var kind: SpanKind
    /// Start of the bucket, in seconds since 1970.
    public var bucket: Int64

    public init(service: String, version: String, operation: String, kind: SpanKind, bucket: Int64) {
        self.service = service
        self.version = version
        self.operation = operation
        self.kind = kind
        self.bucket = bucket
    }
}
