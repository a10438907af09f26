import Foundation

/// The JSON Schema of what a `Decodable` type reads, found by decoding it once from a decoder that
/// hands out stand-in values and writes down every key, value type and optional member asked for:
/// so the API contract describes an answer with the very type the server encodes it from.
///
/// Dates are ISO 8601 strings (as the API writes them), `URL` a string, string enums that are
/// `CaseIterable` list their cases, and `[String: T]` is an object of `T`s. A type that cannot be
/// decoded from stand-ins (one that checks its values, or an enum with payloads) is described by
/// its example when it is ``ExemplifiedDecodable``, else as any JSON value (`nil` here), never
/// wrongly.
public enum DecodableSchema {
    /// The schema of `type`, or `nil` when it cannot be derived.
    public static func of<T: Decodable>(_ type: T.Type) -> JSONValue? {
        let recorder = SchemaRecorder()
        guard (try? recorder.decodeValue(T.self)) != nil else { return nil }
        return recorder.schema
    }

    /// The schema of a type known only at run time.
    public static func of(any type: any Decodable.Type) -> JSONValue? {
        type.derivedSchema
    }
}

extension Decodable {
    fileprivate static var derivedSchema: JSONValue? { DecodableSchema.of(Self.self) }
}

/// The cases of an enum whose type is known only at run time.
private func allCases<E: CaseIterable>(_ type: E.Type) -> [Any] { Array(type.allCases) }

/// A case's raw value, whatever the enum.
private func rawValue(of value: Any) -> Any? {
    func open<R: RawRepresentable>(_ value: R) -> Any { value.rawValue }
    guard let representable = value as? any RawRepresentable else { return nil }
    return open(representable)
}

/// The decoder behind ``DecodableSchema``: one per value; `schema` is what it recorded.
private final class SchemaRecorder: Decoder {
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    var schema: JSONValue = .object([:])
    /// Whether the value asked if it was null (an `Optional`): its schema then allows null.
    var mayBeNull = false
    private var depth: Int

    init(depth: Int = 0) {
        self.depth = depth
    }

    /// Decodes `type` with stand-ins, leaving its schema in `schema`.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        guard depth < 24 else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "too deep")) }
        if T.self == JSONValue.self {
            schema = .object([:])
            return JSONValue.null as! T
        }
        if let exemplified = T.self as? any ExemplifiedDecodable.Type {
            let (value, shape) = try exemplified.decodedExamples()
            schema = shape
            return value as! T
        }
        if T.self == Date.self {
            schema = .object(["type": .string("string"), "format": .string("date-time")])
            return Date(timeIntervalSince1970: 0) as! T
        }
        if T.self == URL.self {
            schema = .object(["type": .string("string")])
            return URL(string: "http://example.invalid")! as! T
        }
        if T.self == Data.self {
            schema = .object(["type": .string("string")])
            return Data() as! T
        }
        if let iterable = T.self as? any CaseIterable.Type {
            let cases = allCases(iterable)
            let names = cases.compactMap { rawValue(of: $0) as? String }
            if !cases.isEmpty, names.count == cases.count, let first = cases.first as? T {
                schema = .object(["type": .string("string"), "enum": .array(names.map(JSONValue.string))])
                return first
            }
        }
        return try T(from: self)
    }

    /// What the keyed containers asked for so far: a value may ask for several (one to check its
    /// keys, one to read them; a stamped definition reads its own and then the stamps).
    private var properties: [String: JSONValue] = [:]
    private var required: Set<String> = []
    private var additional: JSONValue?

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let keyed = KeyedRecorder<Key>(depth: depth)
        record(nil, nil, nil)
        keyed.onRecord = { [unowned self] key, schema, isOptional in self.record(key, schema, isOptional) }
        return KeyedDecodingContainer(keyed)
    }

    /// Notes one member (`nil` for none, to start an object), the wildcard key standing for
    /// a dictionary's values.
    private func record(_ key: String?, _ member: JSONValue?, _ isOptional: Bool?) {
        if let key, let member {
            if key == KeyedRecorder<AnyKey>.wildcard {
                additional = member
            } else {
                properties[key] = isOptional == true ? Self.nullable(member) : member
                if isOptional == true { required.remove(key) } else { required.insert(key) }
            }
        }
        var object: [String: JSONValue] = ["type": .string("object")]
        if !properties.isEmpty { object["properties"] = .object(properties) }
        if !required.isEmpty { object["required"] = .array(required.sorted().map(JSONValue.string)) }
        if let additional { object["additionalProperties"] = additional }
        schema = .object(object)
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let unkeyed = UnkeyedRecorder(depth: depth)
        schema = .object(["type": .string("array")])
        unkeyed.onItem = { [unowned self] item in
            self.schema = .object(["type": .string("array"), "items": item])
        }
        return unkeyed
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleRecorder(recorder: self)
    }

    static func primitive(_ type: Any.Type) -> JSONValue? {
        switch type {
        case is String.Type: return .object(["type": .string("string")])
        case is Bool.Type: return .object(["type": .string("boolean")])
        case is Double.Type, is Float.Type: return .object(["type": .string("number")])
        case is Int.Type, is Int8.Type, is Int16.Type, is Int32.Type, is Int64.Type,
             is UInt.Type, is UInt8.Type, is UInt16.Type, is UInt32.Type, is UInt64.Type:
            return .object(["type": .string("integer")])
        default: return nil
        }
    }

    static func standIn<T>(_ type: T.Type) -> T? {
        switch type {
        case is String.Type: return ("" as! T)
        case is Bool.Type: return (false as! T)
        case is Double.Type: return (0.0 as! T)
        case is Float.Type: return (Float(0) as! T)
        case is Int.Type: return (0 as! T)
        case is Int8.Type: return (Int8(0) as! T)
        case is Int16.Type: return (Int16(0) as! T)
        case is Int32.Type: return (Int32(0) as! T)
        case is Int64.Type: return (Int64(0) as! T)
        case is UInt.Type: return (UInt(0) as! T)
        case is UInt8.Type: return (UInt8(0) as! T)
        case is UInt16.Type: return (UInt16(0) as! T)
        case is UInt32.Type: return (UInt32(0) as! T)
        case is UInt64.Type: return (UInt64(0) as! T)
        default: return nil
        }
    }

    /// A member's schema, or an optional one's: the value or `null`.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        .object(["anyOf": .array([schema, .object(["type": .string("null")])])])
    }

    /// Decodes a nested value with a fresh recorder and returns it with its schema.
    func nested<T: Decodable>(_ type: T.Type) throws -> (T, JSONValue) {
        if let primitive = Self.primitive(T.self), let value = Self.standIn(T.self) { return (value, primitive) }
        let child = SchemaRecorder(depth: depth + 1)
        let value = try child.decodeValue(T.self)
        return (value, child.schema)
    }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

private final class KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    var codingPath: [any CodingKey] = []
    private let depth: Int
    /// Members asked whether they are null: optional ones (`decodeIfPresent` asks first).
    private var mayBeNull: Set<String> = []
    /// Where a member's schema goes: its key, its schema, whether it is optional.
    var onRecord: ((String, JSONValue, Bool) -> Void)?

    init(depth: Int) {
        self.depth = depth
    }

    /// A dictionary keyed by strings asks for its keys: it gets one, whose value stands for all.
    static var wildcard: String { "\u{0}*" }

    /// Sextant's strict decoders list the keys to refuse unknown ones (with `AnyCodingKey`): they
    /// get none; a dictionary gets the wildcard.
    var allKeys: [Key] {
        if Key.self == AnyCodingKey.self { return [] }
        return Key(stringValue: Self.wildcard).map { [$0] } ?? []
    }
    func contains(_ key: Key) -> Bool { true }

    private func record(_ key: Key, _ schema: JSONValue, optional: Bool) {
        onRecord?(key.stringValue, schema, optional || mayBeNull.contains(key.stringValue))
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        mayBeNull.insert(key.stringValue)
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (value, schema) = try SchemaRecorder(depth: depth).nested(T.self)
        record(key, schema, optional: false)
        return value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let (value, schema) = try SchemaRecorder(depth: depth).nested(T.self)
        record(key, schema, optional: true)
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "nested containers are not described"))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "nested containers are not described"))
    }

    func superDecoder() throws -> any Decoder { SchemaRecorder(depth: depth + 1) }
    func superDecoder(forKey key: Key) throws -> any Decoder { SchemaRecorder(depth: depth + 1) }
}

private final class UnkeyedRecorder: UnkeyedDecodingContainer {
    var codingPath: [any CodingKey] = []
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= 1 }
    private let depth: Int
    var onItem: ((JSONValue) -> Void)?

    init(depth: Int) {
        self.depth = depth
    }

    func decodeNil() throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, schema) = try SchemaRecorder(depth: depth).nested(T.self)
        currentIndex += 1
        onItem?(schema)
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "nested containers are not described"))
    }

    func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "nested containers are not described"))
    }

    func superDecoder() throws -> any Decoder { SchemaRecorder(depth: depth + 1) }
}

private struct SingleRecorder: SingleValueDecodingContainer {
    var codingPath: [any CodingKey] = []
    let recorder: SchemaRecorder

    func decodeNil() -> Bool {
        recorder.mayBeNull = true
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, schema) = try recorder.nested(T.self)
        recorder.schema = recorder.mayBeNull ? SchemaRecorder.nullable(schema) : schema
        return value
    }
}
