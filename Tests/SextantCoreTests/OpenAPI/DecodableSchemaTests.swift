import Foundation
import Testing
import SextantCore

/// The JSON Schema a `Decodable` type reads, derived by decoding it from stand-ins.
@Suite("Decodable schemas")
struct DecodableSchemaTests {
    enum Phase: String, Codable, CaseIterable { case running, done }

    struct Inner: Codable {
        var name: String
        var weight: Double?
    }

    struct Outer: Codable {
        var id: Int64
        var phase: Phase
        var at: Date
        var tags: [String]
        var inner: Inner
        var inners: [Inner]
        var rates: [String: Double?]
        var note: String?
        var flag: Bool
    }

    struct Checked: Decodable {
        init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard !text.isEmpty else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "empty")) }
        }
    }

    static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        .object(["type": .string("object"), "properties": .object(properties), "required": .array(required.map(JSONValue.string))])
    }

    static func nullable(_ schema: JSONValue) -> JSONValue {
        .object(["anyOf": .array([schema, .object(["type": .string("null")])])])
    }

    static let string = JSONValue.object(["type": .string("string")])
    static let number = JSONValue.object(["type": .string("number")])

    @Test func describesMembersTheirTypesAndWhichAreRequired() throws {
        let inner = Self.object(["name": Self.string, "weight": Self.nullable(Self.number)], required: ["name"])
        let expected = JSONValue.object([
            "type": .string("object"),
            "properties": .object([
                "id": .object(["type": .string("integer")]),
                "phase": .object(["type": .string("string"), "enum": .array([.string("running"), .string("done")])]),
                "at": .object(["type": .string("string"), "format": .string("date-time")]),
                "tags": .object(["type": .string("array"), "items": Self.string]),
                "inner": inner,
                "inners": .object(["type": .string("array"), "items": inner]),
                "rates": .object(["type": .string("object"), "additionalProperties": Self.nullable(Self.number)]),
                "note": Self.nullable(Self.string),
                "flag": .object(["type": .string("boolean")]),
            ]),
            "required": .array(["at", "flag", "id", "inner", "inners", "phase", "rates", "tags"].map(JSONValue.string)),
        ])
        let derived = try #require(DecodableSchema.of(Outer.self))
        #expect(derived == expected, "\(derived.canonicalText)")
    }

    @Test func aTypeThatChecksItsValuesIsNotDescribed() {
        #expect(DecodableSchema.of(Checked.self) == nil)
        #expect(DecodableSchema.of([Checked].self) == nil)
    }
}
