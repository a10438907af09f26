import Foundation

/// The JSON Schema keywords configuration values are checked against (draft 2020-12 semantics):
/// `type`, `enum`, `const`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`,
/// `minLength`, `maxLength`, `pattern` (searched, as ECMA-262 does), `items`, `minItems`,
/// `maxItems`, `properties`, `required`, `additionalProperties`, and boolean schemas.
/// Annotations (`title`, `description`, `default`, `examples`, `format`, `$schema`, `$id`,
/// `$comment`, `deprecated`, `readOnly`, `writeOnly`) are read and ignored; any other keyword is
/// refused, so a misspelt one is not silently ignored.
public final class JSONSchema: Sendable {
    /// The longest schema accepted, as text.
    public static let maximumBytes = 65_536

    static let annotations: Set<String> = ["title", "description", "default", "examples", "format", "$schema", "$id", "$comment", "deprecated",
                                           "readOnly", "writeOnly"]
    static let typeNames: Set<String> = ["null", "boolean", "object", "array", "number", "string", "integer"]

    /// `true` or `false` for a boolean schema.
    let accepts: Bool?
    let types: [String]?
    let allowed: [JSONValue]?
    let constant: JSONValue?
    let minimum: Double?
    let maximum: Double?
    let exclusiveMinimum: Double?
    let exclusiveMaximum: Double?
    let minLength: Int?
    let maxLength: Int?
    let pattern: RegularExpression?
    let items: JSONSchema?
    let minItems: Int?
    let maxItems: Int?
    let properties: [String: JSONSchema]
    let required: [String]
    let additionalProperties: JSONSchema?

    /// Reads `value` as a schema; a ``ValidationError`` naming the schema's own JSON pointer at fault.
    public convenience init(_ value: JSONValue) throws {
        try self.init(value, at: "")
    }

    init(_ value: JSONValue, at pointer: String) throws {
        func fail(_ message: String, _ keyword: String? = nil) -> ValidationError {
            ValidationError(code: "invalid_schema", message: message, field: "schema" + pointer + (keyword.map { "/" + JSONPointer.escape($0) } ?? ""))
        }
        if case .bool(let value) = value {
            accepts = value
            (types, allowed, constant, minimum, maximum, exclusiveMinimum, exclusiveMaximum) = (nil, nil, nil, nil, nil, nil, nil)
            (minLength, maxLength, pattern, items, minItems, maxItems) = (nil, nil, nil, nil, nil, nil)
            (properties, required, additionalProperties) = ([:], [], nil)
            return
        }
        guard case .object(let members) = value else { throw fail("a schema is an object or a boolean") }
        accepts = nil
        let known = Set(["type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
                         "items", "minItems", "maxItems", "properties", "required", "additionalProperties"]).union(Self.annotations)
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw fail("\(Quoted.prefix(unknown)) is not a keyword Sextant checks", unknown)
        }
        func number(_ name: String) throws -> Double? {
            guard let member = members[name] else { return nil }
            guard case .number(let value) = member else { throw fail("\(name) is a number", name) }
            return value
        }
        func count(_ name: String) throws -> Int? {
            guard let value = try number(name) else { return nil }
            guard value >= 0, value == value.rounded(), value < 1e9 else { throw fail("\(name) is a whole number, 0 or more", name) }
            return Int(value)
        }
        switch members["type"] {
        case nil: types = nil
        case .string(let name)? where Self.typeNames.contains(name): types = [name]
        case .array(let names)? where !names.isEmpty:
            types = try names.map { name in
                guard case .string(let text) = name, Self.typeNames.contains(text) else { throw fail("type names null, boolean, object, array, number, string or integer", "type") }
                return text
            }
        default: throw fail("type is one of null, boolean, object, array, number, string and integer, or a list of them", "type")
        }
        switch members["enum"] {
        case nil: allowed = nil
        case .array(let values)?: allowed = values
        default: throw fail("enum is a list of values", "enum")
        }
        constant = members["const"]
        minimum = try number("minimum")
        maximum = try number("maximum")
        exclusiveMinimum = try number("exclusiveMinimum")
        exclusiveMaximum = try number("exclusiveMaximum")
        minLength = try count("minLength")
        maxLength = try count("maxLength")
        minItems = try count("minItems")
        maxItems = try count("maxItems")
        switch members["pattern"] {
        case nil: pattern = nil
        case .string(let text)?:
            do {
                pattern = try RegularExpression(text, anchoring: .anywhere)
            } catch {
                throw fail("pattern: \(error.reason)", "pattern")
            }
        default: throw fail("pattern is a regular expression", "pattern")
        }
        items = try members["items"].map { try JSONSchema($0, at: pointer + "/items") }
        switch members["properties"] {
        case nil: properties = [:]
        case .object(let schemas)?:
            var read: [String: JSONSchema] = [:]
            for (name, schema) in schemas { read[name] = try JSONSchema(schema, at: pointer + "/properties/" + JSONPointer.escape(name)) }
            properties = read
        default: throw fail("properties is an object of schemas", "properties")
        }
        switch members["required"] {
        case nil: required = []
        case .array(let names)?:
            required = try names.map { name in
                guard case .string(let text) = name else { throw fail("required is a list of property names", "required") }
                return text
            }
        default: throw fail("required is a list of property names", "required")
        }
        additionalProperties = try members["additionalProperties"].map { try JSONSchema($0, at: pointer + "/additionalProperties") }
    }

    /// The first place `value` breaks the schema, or `nil` when it matches.
    public func firstViolation(of value: JSONValue) -> JSONSchemaViolation? {
        violation(of: value, at: "")
    }

    private func violation(of value: JSONValue, at pointer: String) -> JSONSchemaViolation? {
        func broken(_ keyword: String, _ message: String) -> JSONSchemaViolation {
            JSONSchemaViolation(pointer: pointer, keyword: keyword, message: message)
        }
        if let accepts { return accepts ? nil : broken("false", "no value is allowed here") }
        if let types, !types.contains(where: { Self.value(value, is: $0) }) {
            return broken("type", "expected \(types.joined(separator: " or ")), found \(Self.typeName(of: value))")
        }
        if let allowed, !allowed.contains(value) { return broken("enum", "the value is not one of those the schema lists") }
        if let constant, constant != value { return broken("const", "the value is not the one the schema fixes") }
        if case .number(let number) = value {
            if let minimum, number < minimum { return broken("minimum", "\(Self.text(number)) is less than the minimum \(Self.text(minimum))") }
            if let maximum, number > maximum { return broken("maximum", "\(Self.text(number)) is more than the maximum \(Self.text(maximum))") }
            if let exclusiveMinimum, number <= exclusiveMinimum {
                return broken("exclusiveMinimum", "\(Self.text(number)) is not more than \(Self.text(exclusiveMinimum))")
            }
            if let exclusiveMaximum, number >= exclusiveMaximum {
                return broken("exclusiveMaximum", "\(Self.text(number)) is not less than \(Self.text(exclusiveMaximum))")
            }
        }
        if case .string(let text) = value {
            let length = text.unicodeScalars.count
            if let minLength, length < minLength { return broken("minLength", "\(length) characters, fewer than \(minLength)") }
            if let maxLength, length > maxLength { return broken("maxLength", "\(length) characters, more than \(maxLength)") }
            if let pattern, !pattern.matches(text) { return broken("pattern", "does not match the pattern \(Quoted.prefix(pattern.pattern))") }
        }
        if case .array(let elements) = value {
            if let minItems, elements.count < minItems { return broken("minItems", "\(elements.count) items, fewer than \(minItems)") }
            if let maxItems, elements.count > maxItems { return broken("maxItems", "\(elements.count) items, more than \(maxItems)") }
            if let items {
                for (index, element) in elements.enumerated() {
                    if let found = items.violation(of: element, at: pointer + "/\(index)") { return found }
                }
            }
        }
        if case .object(let members) = value {
            if let missing = required.first(where: { members[$0] == nil }) {
                return broken("required", "the property \(Quoted.prefix(missing)) is required")
            }
            for name in members.keys.sorted() {
                let member = members[name]!
                if let schema = properties[name] {
                    if let found = schema.violation(of: member, at: pointer + "/" + JSONPointer.escape(name)) { return found }
                } else if let additionalProperties {
                    if additionalProperties.accepts == false {
                        return broken("additionalProperties", "the property \(Quoted.prefix(name)) is not allowed")
                    }
                    if let found = additionalProperties.violation(of: member, at: pointer + "/" + JSONPointer.escape(name)) { return found }
                }
            }
        }
        return nil
    }

    static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("object", .object), ("array", .array), ("number", .number), ("string", .string): return true
        case ("integer", .number(let number)): return number == number.rounded() && number.isFinite
        default: return false
        }
    }

    static func typeName(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .object: return "object"
        case .array: return "array"
        case .number(let number): return number == number.rounded() ? "integer" : "number"
        case .string: return "string"
        }
    }

    private static func text(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
    }
}

/// Where a value breaks its schema: the JSON pointer into the value (RFC 6901), the keyword
/// that failed, and why.
public struct JSONSchemaViolation: Sendable, Equatable, CustomStringConvertible {
    public var pointer: String
    public var keyword: String
    public var message: String

    public var description: String { "\(pointer.isEmpty ? "the value" : pointer): \(message)" }
}

/// JSON pointers (RFC 6901).
public enum JSONPointer {
    /// A member name as a pointer's reference token: `~` as `~0`, `/` as `~1`.
    public static func escape(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
