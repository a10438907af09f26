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
