import Foundation

/// An OTLP `AnyValue`: what attributes, log bodies and event fields hold.
public indirect enum OTLPValue: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case bytes([UInt8])
    case array([OTLPValue])
    case map([OTLPAttribute])

    /// Deeper nesting than this is refused (an attack, not telemetry).
    static let maximumDepth = 16

    /// The value as text: strings as they are, numbers and booleans as Go prints them, the rest as JSON.
    public var text: String {
        switch self {
        case .string(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .bytes(let bytes): return Data(bytes).base64EncodedString()
        case .array, .map:
            let data = (try? JSONSerialization.data(withJSONObject: jsonValue, options: [.sortedKeys, .fragmentsAllowed])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// The value as a plain JSON value (for Jaeger's tags and JSON log bodies).
    public var jsonValue: Any {
        switch self {
        case .string(let text): return text
        case .bool(let value): return value
        case .int(let value): return value
        case .double(let value): return value.isFinite ? value : String(value)
        case .bytes(let bytes): return Data(bytes).base64EncodedString()
        case .array(let values): return values.map(\.jsonValue)
        case .map(let attributes): return Dictionary(attributes.map { ($0.key, $0.value.jsonValue) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The value in OTLP/JSON's shape (`{"stringValue": …}`).
    public var otlpJSON: [String: Any] {
        switch self {
        case .string(let text): return ["stringValue": text]
        case .bool(let value): return ["boolValue": value]
        case .int(let value): return ["intValue": String(value)]
        case .double(let value): return ["doubleValue": value.isFinite ? value as Any : (value.isNaN ? "NaN" : value > 0 ? "Infinity" : "-Infinity")]
        case .bytes(let bytes): return ["bytesValue": Data(bytes).base64EncodedString()]
        case .array(let values): return ["arrayValue": ["values": values.map(\.otlpJSON)]]
        case .map(let attributes): return ["kvlistValue": ["values": attributes.map(\.otlpJSON)]]
        }
    }

    // MARK: protobuf

    static func decode(_ reader: inout ProtobufReader, depth: Int = 0) throws -> OTLPValue? {
        guard depth < maximumDepth else { throw OTLPDecodingError("values nest deeper than \(maximumDepth) levels") }
        var value: OTLPValue?
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, .lengthDelimited): value = .string(try reader.readString())
            case (2, .varint): value = .bool(try reader.readVarint() != 0)
            case (3, .varint): value = .int(Int64(bitPattern: try reader.readVarint()))
            case (4, .fixed64): value = .double(Double(bitPattern: try reader.readFixed64()))
            case (5, .lengthDelimited):
                var list = try reader.readMessage()
                var values: [OTLPValue] = []
                while let item = try list.nextField() {
                    guard item.number == 1, item.wireType == .lengthDelimited else { try list.skip(item.wireType); continue }
                    var element = try list.readMessage()
                    values.append(try decode(&element, depth: depth + 1) ?? .string(""))
                }
                value = .array(values)
            case (6, .lengthDelimited):
                var list = try reader.readMessage()
                value = .map(try OTLPAttribute.decodeList(&list, field: 1, depth: depth + 1))
            case (7, .lengthDelimited): value = .bytes(Array(try reader.readMessage().remainingBytes))
            default: try reader.skip(field.wireType)
            }
        }
        return value
    }

    func encode(into writer: inout ProtobufWriter) {
        switch self {
        case .string(let text): writer.string(1, text)
        case .bool(let value): writer.varint(2, value ? 1 : 0)
        case .int(let value): writer.varint(3, UInt64(bitPattern: value))
        case .double(let value): writer.fixed64(4, value.bitPattern)
        case .array(let values): writer.message(5) { list in for value in values { list.message(1) { value.encode(into: &$0) } } }
        case .map(let attributes): writer.message(6) { list in for attribute in attributes { list.message(1) { attribute.encode(into: &$0) } } }
        case .bytes(let bytes): writer.lengthDelimited(7, bytes)
        }
    }

    // MARK: OTLP/JSON

    static func decode(json: Any?, depth: Int = 0) throws -> OTLPValue? {
        guard depth < maximumDepth else { throw OTLPDecodingError("values nest deeper than \(maximumDepth) levels") }
        guard let object = json as? [String: Any] else { return nil }
        if let text = object["stringValue"] as? String { return .string(text) }
        if let value = object["boolValue"] as? Bool { return .bool(value) }
        switch object["intValue"] {
        case let text as String: return Int64(text).map { .int($0) }
        case let number as NSNumber: return Int64(exactly: number.doubleValue).map { .int($0) }
        default: break
        }
        switch object["doubleValue"] {
        case let number as NSNumber: return .double(number.doubleValue)
        case let text as String: return Double(text).map { .double($0) }
        default: break
        }
        if let text = object["bytesValue"] as? String { return .bytes(Array(Data(base64Encoded: text) ?? Data())) }
        if let list = object["arrayValue"] as? [String: Any] {
            return .array(try (list["values"] as? [Any] ?? []).map { try decode(json: $0, depth: depth + 1) ?? .string("") })
        }
        if let list = object["kvlistValue"] as? [String: Any] {
            return .map(try OTLPAttribute.decodeList(json: list["values"], depth: depth + 1))
        }
        return nil
    }
}

/// An OTLP `KeyValue`.
public struct OTLPAttribute: Sendable, Equatable {
    public var key: String
    public var value: OTLPValue

    public init(_ key: String, _ value: OTLPValue) {
        self.key = key
        self.value = value
    }

    var otlpJSON: [String: Any] { ["key": key, "value": value.otlpJSON] }

    /// Every `KeyValue` in field `field` of a message.
    static func decodeList(_ reader: inout ProtobufReader, field number: Int, depth: Int = 0) throws -> [OTLPAttribute] {
        var attributes: [OTLPAttribute] = []
        while let field = try reader.nextField() {
            guard field.number == number, field.wireType == .lengthDelimited else { try reader.skip(field.wireType); continue }
            var keyValue = try reader.readMessage()
            if let attribute = try decode(&keyValue, depth: depth) { attributes.append(attribute) }
        }
        return attributes
    }

    static func decode(_ reader: inout ProtobufReader, depth: Int = 0) throws -> OTLPAttribute? {
        var key: String?
        var value: OTLPValue?
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, .lengthDelimited): key = try reader.readString()
            case (2, .lengthDelimited):
                var nested = try reader.readMessage()
                value = try OTLPValue.decode(&nested, depth: depth)
            default: try reader.skip(field.wireType)
            }
        }
        guard let key else { return nil }
        return OTLPAttribute(key, value ?? .string(""))
    }

    static func decodeList(json: Any?, depth: Int = 0) throws -> [OTLPAttribute] {
        guard let list = json as? [Any] else { return [] }
        return try list.compactMap { element in
            guard let object = element as? [String: Any], let key = object["key"] as? String else { return nil }
            return OTLPAttribute(key, try OTLPValue.decode(json: object["value"], depth: depth) ?? .string(""))
        }
    }

    func encode(into writer: inout ProtobufWriter) {
        writer.string(1, key)
        writer.message(2) { value.encode(into: &$0) }
    }
}

extension [OTLPAttribute] {
    /// The first attribute named `key`.
    public subscript(key: String) -> OTLPValue? { first { $0.key == key }?.value }
}
