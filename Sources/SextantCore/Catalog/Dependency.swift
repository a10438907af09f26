/// A declared need of one component for another node of the graph.
///
/// A dependency that is critical and has no fallback is a *hard* dependency: when it is down,
/// the dependant is down. Any other dependency only degrades the dependant.
public struct Dependency: Sendable, Equatable, Hashable {
    /// The node depended on; it need not be a registered component (`postgres`).
    public var name: String
    /// What kind of thing it is.
    public var type: DependencyType
    /// Whether the dependant needs it to serve at all. Defaults to `true`.
    public var isCritical: Bool
    /// Whether the dependant can serve, possibly worse, without it. Defaults to `false`.
    public var hasFallback: Bool

    /// Creates a dependency.
    public init(name: String, type: DependencyType, isCritical: Bool = true, hasFallback: Bool = false) {
        self.name = name
        self.type = type
        self.isCritical = isCritical
        self.hasFallback = hasFallback
    }

    /// Whether a failure of this dependency takes the dependant down.
    public var isHard: Bool { isCritical && !hasFallback }
}

extension Dependency: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name, type, critical, fallbackAvailable
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.stringValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decode(String.self, forKey: .name)
        self.type = try container.decodeCase(DependencyType.self, forKey: .type, describedAs: "dependency type")
        self.isCritical = try container.decodeIfPresent(Bool.self, forKey: .critical) ?? true
        self.hasFallback = try container.decodeIfPresent(Bool.self, forKey: .fallbackAvailable) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(isCritical, forKey: .critical)
        try container.encode(hasFallback, forKey: .fallbackAvailable)
    }
}
