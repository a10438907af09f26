import Foundation
import SextantCore

/// A stored definition as the API answers it: the definition's own fields, with its id (when
/// it has one apart from its fields) and when the store created and last changed it, side by
/// side in one object.
public struct Stamped<Definition: DecodableBesideKeys & Encodable & Sendable>: Codable, Sendable {
    public var definition: Definition
    /// The definition's id, when it is derived rather than one of its fields (an objective's).
    public var id: String?
    public var createdAt: Date
    public var updatedAt: Date

    private enum Keys: String, CodingKey, CaseIterable {
        case id, createdAt, updatedAt
    }

    public init(_ definition: Definition, id: String? = nil, createdAt: Date, updatedAt: Date) {
        self.definition = definition
        self.id = id
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public init(from decoder: any Decoder) throws {
        definition = try Definition(from: decoder, besideKeys: Set(Keys.allCases.map(\.stringValue)))
        let container = try decoder.container(keyedBy: Keys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        try definition.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// A component as the API answers it.
public typealias ComponentView = Stamped<Component>

/// An objective as the API answers it.
public typealias SLOView = Stamped<ServiceLevelObjective>

extension Stamped: ExemplifiedDecodable where Definition: ExemplifiedDecodable {
    /// The definition's examples, stamped.
    public static var examplesJSON: [String] {
        Definition.examplesJSON.compactMap { text in
            guard case .object(var members)? = JSONValue.parse(text: text) else { return nil }
            members["createdAt"] = .string("2030-01-01T00:00:00Z")
            members["updatedAt"] = .string("2030-01-02T00:00:00Z")
            return JSONValue.object(members).canonicalText
        }
    }
}
