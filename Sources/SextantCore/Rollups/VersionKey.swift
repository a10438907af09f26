/// Identifies the bucket of one version of a service: service, `service.version` and bucket start.
public struct VersionKey: Hashable, Sendable {
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
