/// A coding key for any string, used to find keys a type does not know.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    public var stringValue: String
    public var intValue: Int?

    public init(_ string: String) {
        self.stringValue = string
        self.intValue = nil
    }

    public init?(stringValue: String) {
        self.init(stringValue)
    }

    public init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws a ``ValidationError`` naming the first key of the current object that is not in
    /// `known`, so that a typo such as `critcal: true` is an error rather than silently ignored.
    public func rejectUnknownKeys(_ known: Set<String>) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        let unknown = container.allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
        if let first = unknown.first {
            throw ValidationError(
                code: "unknown_field",
                message: "unknown field \(Quoted.prefix(first)); expected one of: \(known.sorted().joined(separator: ", "))",
                field: FieldPath.join(FieldPath.render(codingPath) ?? "", first)
            )
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a string-backed enumeration, answering an unknown value with a
    /// ``ValidationError`` that lists the accepted values; `nil` when the key is absent.
    public func decodeCaseIfPresent<Value: RawRepresentable & CaseIterable>(
        _ type: Value.Type, forKey key: Key, describedAs noun: String
    ) throws -> Value? where Value.RawValue == String {
        guard let raw = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = Value(rawValue: raw) else {
            throw ValidationError(
                code: "invalid_enum",
                message: "unknown \(noun) \(Quoted.prefix(raw)); expected one of: "
                    + Value.allCases.map(\.rawValue).joined(separator: ", "),
                field: FieldPath.render(codingPath + [key])
            )
        }
        return value
    }

    /// Decodes a required string-backed enumeration (see ``decodeCaseIfPresent(_:forKey:describedAs:)``).
    public func decodeCase<Value: RawRepresentable & CaseIterable>(
        _ type: Value.Type, forKey key: Key, describedAs noun: String
    ) throws -> Value where Value.RawValue == String {
        guard let value = try decodeCaseIfPresent(type, forKey: key, describedAs: noun) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "missing \(noun)")
            )
        }
        return value
    }
}
