/// A registered service or piece of infrastructure: who owns it, how important it is, how to
/// probe it, and what it depends on.
public struct Component: Sendable, Hashable {
    /// Unique name, a lowercase DNS label (`api-service`).
    public var name: String
    /// The version deployed, if known.
    public var version: String?
    /// The owning team or person.
    public var owner: String
    /// Importance, 1 (most critical) to 4.
    public var tier: Int
    /// Where the component stands in its life.
    public var lifecycle: Lifecycle
    /// URL answering a health probe, if any.
    public var healthEndpoint: String?
    /// URL serving Prometheus metrics, if any.
    public var metricsEndpoint: String?
    /// Free-form labels used to filter and route.
    public var labels: [String: String]
    /// What this component needs, in the order declared.
    public var dependencies: [Dependency]

    /// Creates a component.
    public init(
        name: String,
        version: String? = nil,
        owner: String,
        tier: Int,
        lifecycle: Lifecycle = .production,
        healthEndpoint: String? = nil,
        metricsEndpoint: String? = nil,
        labels: [String: String] = [:],
        dependencies: [Dependency] = []
    ) {
        self.name = name
        self.version = version
        self.owner = owner
        self.tier = tier
        self.lifecycle = lifecycle
        self.healthEndpoint = healthEndpoint
        self.metricsEndpoint = metricsEndpoint
        self.labels = labels
        self.dependencies = dependencies
    }
}

extension Component: Codable, DecodableBesideKeys {
    /// The keys of a component document.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, version, owner, tier, lifecycle, healthEndpoint, metricsEndpoint, labels, dependencies
    }

    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder, besideKeys: [])
    }

    public init(from decoder: any Decoder, besideKeys others: Set<String>) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.stringValue)).union(others))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decode(String.self, forKey: .name)
        self.version = try container.decodeIfPresent(String.self, forKey: .version)
        self.owner = try container.decode(String.self, forKey: .owner)
        self.tier = try container.decode(Int.self, forKey: .tier)
        self.lifecycle = try container.decodeCaseIfPresent(Lifecycle.self, forKey: .lifecycle, describedAs: "lifecycle")
            ?? .production
        self.healthEndpoint = try container.decodeIfPresent(String.self, forKey: .healthEndpoint)
        self.metricsEndpoint = try container.decodeIfPresent(String.self, forKey: .metricsEndpoint)
        self.labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        self.dependencies = try container.decodeIfPresent([Dependency].self, forKey: .dependencies) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(version, forKey: .version)
        try container.encode(owner, forKey: .owner)
        try container.encode(tier, forKey: .tier)
        try container.encode(lifecycle, forKey: .lifecycle)
        try container.encodeIfPresent(healthEndpoint, forKey: .healthEndpoint)
        try container.encodeIfPresent(metricsEndpoint, forKey: .metricsEndpoint)
        try container.encode(labels, forKey: .labels)
        try container.encode(dependencies, forKey: .dependencies)
    }
}
