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

    /// Checks its values and takes a string or an object: described by its examples.
    struct Window: ExemplifiedDecodable, Encodable {
        var days: Int
        static let examplesJSON = [#""30d""#, #"{"calendar": "month", "timeZone": "UTC"}"#]

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                guard text.hasSuffix("d"), let days = Int(text.dropLast()) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a window"))
                }
                self.days = days
            } else {
                _ = try decoder.container(keyedBy: AnyCodingKey.self)
                days = 31
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode("\(days)d")
        }
    }

    struct Objective: Decodable {
        var name: String
        var window: Window?
    }

    /// Refuses unknown keys, as Sextant's strict decoders do, then reads its own in a second container.
    struct Strict: Decodable {
        var name: String
        var tier: Int
        private enum Keys: String, CodingKey { case name, tier }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(["name", "tier"])
            let container = try decoder.container(keyedBy: Keys.self)
            name = try container.decode(String.self, forKey: .name)
            tier = try container.decode(Int.self, forKey: .tier)
        }
    }

    @Test func anExemplifiedTypeIsTheUnionOfItsExamplesShapesNeverRequired() throws {
        let window = JSONValue.object([
            "type": .array([.string("string"), .string("object"), .string("null")]),
            "properties": .object([
                "calendar": .object(["type": .array([.string("string"), .string("null")])]),
                "timeZone": .object(["type": .array([.string("string"), .string("null")])]),
            ]),
        ])
        #expect(DecodableSchema.of(Window.self) == window, "\(DecodableSchema.of(Window.self)?.canonicalText ?? "nil")")
        // Nested in a derived type, it is described in place.
        let objective = try #require(DecodableSchema.of(Objective.self))
        #expect(objective.value(at: ["properties", "window"]) == Self.nullable(window), "\(objective.canonicalText)")
        #expect(objective.value(at: ["required"]) == .array([.string("name")]))
    }

    @Test func strictDecodersAndSecondContainersAreDescribed() throws {
        let schema = try #require(DecodableSchema.of(Strict.self))
        #expect(schema == Self.object(["name": Self.string, "tier": .object(["type": .string("integer")])], required: ["name", "tier"]),
                "\(schema.canonicalText)")
    }

    @Test func anyJSONValueIsDescribedAsAnything() {
        #expect(DecodableSchema.of(JSONValue.self) == .object([:]))
    }
}
