import Foundation

/// A type the API contract describes by typical values rather than by decoding stand-ins: one
/// whose decoder checks what it reads (a window must be a duration, a matcher must parse) or
/// accepts several shapes. Its schema is the union of its examples' shapes — as written and, when
/// the type is also `Encodable`, as Sextant writes them back — with every member optional and
/// nullable, so it never claims more than the examples show.
public protocol ExemplifiedDecodable: Decodable {
    /// Typical values, as the API reads them (JSON, dates in RFC 3339), one of each shape.
    static var examplesJSON: [String] { get }
}

extension ExemplifiedDecodable {
    /// The first example, decoded as the API decodes it, and the schema of all of them.
    static func decodedExamples() throws -> (Self, JSONValue) {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        var shapes: [JSONValue] = []
        var first: Self?
        for text in examplesJSON {
            guard let json = JSONValue.parse(text: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "an example of \(Self.self) is not JSON"))
            }
            let value = try decoder.decode(Self.self, from: Data(text.utf8))
            shapes.append(json)
            if let encodable = value as? any Encodable, let written = JSONValue.parse(text: String(decoding: try encoder.encode(encodable), as: UTF8.self)) {
                shapes.append(written)
            }
            first = first ?? value
        }
        guard let first else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(Self.self) has no example")) }
        return (first, ExampleShape.schema(of: shapes))
    }
}

/// The JSON Schema of example values' shapes: the types each position took (and null), objects
/// with every member any example had (none required, others allowed), arrays of their items'
/// shapes.
public enum ExampleShape {
    public static func schema(of examples: [JSONValue]) -> JSONValue {
        var shape = Shape()
        for example in examples { shape.add(example) }
        return shape.schema
    }

    private struct Shape {
        var types: [String] = []
        var isAny = false
        var members: [String: Shape] = [:]
        var items: Shape? { get { itemBox.first } set { itemBox = newValue.map { [$0] } ?? [] } }
        private var itemBox: [Shape] = []

        mutating func add(_ value: JSONValue) {
            switch value {
            case .null: isAny = true
            case .bool: note("boolean")
            case .number: note("number")
            case .string: note("string")
            case .array(let values):
                note("array")
                var item = items ?? Shape()
                for value in values { item.add(value) }
                if !values.isEmpty || items != nil { items = item }
            case .object(let values):
                note("object")
                for (key, value) in values { members[key, default: Shape()].add(value) }
            }
        }

        private mutating func note(_ type: String) {
            if !types.contains(type) { types.append(type) }
        }

        var schema: JSONValue {
            if isAny || types.isEmpty { return .object([:]) }
            var schema: [String: JSONValue] = ["type": .array((types + ["null"]).map(JSONValue.string))]
            if !members.isEmpty { schema["properties"] = .object(members.mapValues(\.schema)) }
            if let items { schema["items"] = items.schema }
            return .object(schema)
        }
    }
}
