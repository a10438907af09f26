/// Which side of an edge was not instrumented.
public enum VirtualSide: String, Sendable, Codable {
    case client
    case server
}
