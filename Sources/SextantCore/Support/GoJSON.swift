import Foundation

/// JSON written byte for byte as Go's `encoding/json` encoder writes it: struct fields in
/// their declared order, map keys sorted, `<`, `>` and `&` escaped as `\u003c`, `\u003e`,
/// `\u0026`, and a newline after the document (`json.Encoder.Encode`). Alertmanager's
/// webhook bodies are written this way.
public indirect enum GoJSON: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    /// A struct: fields in this order.
    case object([(String, GoJSON)])
    case array([GoJSON])

    /// A Go `map[string]string`: keys in byte order.
    public static func map(_ pairs: [String: String]) -> GoJSON {
        .object(pairs.keys.sorted(by: String.byteOrder).map { ($0, .string(pairs[$0]!)) })
    }

    /// The document followed by a newline, as `json.Encoder.Encode` writes it.
    public var encoded: Data {
        var writer = GoJSONWriter()
        write(to: &writer)
        return writer.encoded
    }

    /// The document alone, as text.
    public var text: String {
        var writer = GoJSONWriter()
        write(to: &writer)
        return writer.text
    }

    private func write(to writer: inout GoJSONWriter) {
        switch self {
        case .string(let text): writer.string(text)
        case .integer(let value): writer.integer(value)
        case .double(let value): writer.double(value)
        case .bool(let value): writer.bool(value)
        case .array(let items):
            writer.beginArray()
            for item in items { item.write(to: &writer) }
            writer.endArray()
        case .object(let fields):
            writer.beginObject()
            for (key, value) in fields {
                writer.key(key)
                value.write(to: &writer)
            }
            writer.endObject()
        }
    }

    public static func == (left: GoJSON, right: GoJSON) -> Bool { left.encoded == right.encoded }
}
