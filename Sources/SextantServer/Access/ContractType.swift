import SextantCore

/// A type a route declares for the API contract (its body's or its answer's), compared by
/// identity; its JSON Schema is derived when the contract is first asked for, not at startup.
public struct ContractType: Sendable, Hashable {
    public let type: any Decodable.Type

    init(_ type: any Decodable.Type) {
        self.type = type
    }

    /// The type's JSON Schema, or `nil` when it cannot be derived.
    public var schema: JSONValue? { DecodableSchema.of(any: type) }

    public static func == (lhs: ContractType, rhs: ContractType) -> Bool {
        ObjectIdentifier(lhs.type) == ObjectIdentifier(rhs.type)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(type))
    }
}
