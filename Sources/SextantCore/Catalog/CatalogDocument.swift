/// A document listing many components, applied to the catalog as a whole.
///
/// ```yaml
/// apiVersion: sextant/v1   # optional
/// kind: Catalog            # optional
/// components:
///   - name: api-service
///     owner: team-core
///     tier: 1
/// ```
public struct CatalogDocument: Sendable, Equatable {
    /// The components the catalog should hold.
    public var components: [Component]

    /// Creates a document.
    public init(components: [Component]) {
        self.components = components
    }

    /// Checks every component and that no name is listed twice.
    public func validate() throws {
        var seen = Set<String>()
        for (index, component) in components.enumerated() {
            do {
                try component.validate()
            } catch let error as ValidationError {
                throw error.nested(under: "components[\(index)]")
            }
            guard seen.insert(component.name).inserted else {
                throw ValidationError(
                    code: "duplicate_component",
                    message: "component \(Quoted.prefix(component.name)) is listed more than once",
                    field: "components[\(index)].name"
                )
            }
        }
    }
}

extension CatalogDocument: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case apiVersion, kind, components
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.stringValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let kind = try container.decodeIfPresent(String.self, forKey: .kind), kind != "Catalog" {
            throw ValidationError(message: "kind must be 'Catalog', not \(Quoted.prefix(kind))", field: "kind")
        }
        _ = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        self.components = try container.decode([Component].self, forKey: .components)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("sextant/v1", forKey: .apiVersion)
        try container.encode("Catalog", forKey: .kind)
        try container.encode(components, forKey: .components)
    }
}
