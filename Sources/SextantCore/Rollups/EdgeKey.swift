/// Identifies an edge's bucket.
public struct EdgeKey: Hashable, Sendable {
    public var client: String
    public var server: String
    public var connectionType: ConnectionType
    /// Start of the bucket, in seconds since 1970.
    public var bucket: Int64

    public init(client: String, server: String, connectionType: ConnectionType, bucket: Int64) {
        self.client = client
        self.server = server
        self.connectionType = connectionType
        self.bucket = bucket
    }
}
