/// How two services talk, as Tempo's service graphs classify it.
public enum ConnectionType: String, Sendable, CaseIterable, Codable {
    /// A request and its answer (HTTP, gRPC…): a CLIENT span paired with a SERVER span.
    case direct
    /// A message through a broker: a PRODUCER span paired with a CONSUMER span.
    case messagingSystem = "messaging_system"
    /// A database call, from the CLIENT span alone.
    case database
    /// One side is not instrumented and was named from attributes.
    case virtualNode = "virtual_node"

    /// Whether the caller waits for an answer (`false` for messages through a broker).
    public var isSynchronous: Bool { self != .messagingSystem }

    /// The value of Tempo's `connection_type` label (empty for direct calls).
    public var prometheusLabel: String {
        self == .direct ? "" : rawValue
    }

    /// The type a `connection_type` label names, as Tempo and the OpenTelemetry Collector write it.
    public init(prometheusLabel: String) {
        self = ConnectionType(rawValue: prometheusLabel) ?? .direct
    }
}

/// Which side of an edge was not instrumented.
public enum VirtualSide: String, Sendable, Codable {
    case client
    case server
}

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
