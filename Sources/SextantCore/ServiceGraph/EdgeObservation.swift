/// One call from a client service to a server service, built from one or two spans.
public struct EdgeObservation: Sendable, Equatable {
    public var client: String
    public var server: String
    public var connectionType: ConnectionType
    /// Which side was named rather than seen, if either.
    public var virtualSide: VirtualSide?
    /// Whether either span had status ERROR.
    public var isFailed: Bool
    /// The client span's duration; `nil` when no client span was seen (never a made-up 0).
    public var clientSeconds: Double?
    /// The server span's duration; `nil` when no server span was seen.
    public var serverSeconds: Double?

    /// Creates an observation.
    public init(
        client: String, server: String, connectionType: ConnectionType, virtualSide: VirtualSide? = nil,
        isFailed: Bool, clientSeconds: Double?, serverSeconds: Double?
    ) {
        self.client = client
        self.server = server
        self.connectionType = connectionType
        self.virtualSide = virtualSide
        self.isFailed = isFailed
        self.clientSeconds = clientSeconds
        self.serverSeconds = serverSeconds
    }
}
