/// The role of a span in a request, as OpenTelemetry defines it (the numbers are OTLP's).
public enum SpanKind: Int, Sendable, CaseIterable, Codable {
    case unspecified = 0
    case `internal` = 1
    case server = 2
    case client = 3
    case producer = 4
    case consumer = 5

    /// The name used in APIs and documents.
    public var name: String {
        switch self {
        case .unspecified: return "unspecified"
        case .internal: return "internal"
        case .server: return "server"
        case .client: return "client"
        case .producer: return "producer"
        case .consumer: return "consumer"
        }
    }

    /// The kind with this name, as OTLP JSON also spells it (`SPAN_KIND_SERVER`).
    public init?(name: String) {
        let bare = name.hasPrefix("SPAN_KIND_") ? String(name.dropFirst("SPAN_KIND_".count)) : name
        guard let kind = Self.allCases.first(where: { $0.name == bare.lowercased() }) else { return nil }
        self = kind
    }

    /// Whether spans of this kind serve requests (their names are the service's operations).
    public var isEntry: Bool { self == .server || self == .consumer }
}
