import Foundation

/// JSON written byte for byte as Go's `encoding/json` encoder writes it: struct fields in
/// their declared order, map keys sorted, `<`, `>` and `&` escaped as `\u003c`, `\u003e`,
/// `\u0026`, and a newline after the document (`json.Encoder.Encode`). Alertmanager's
/// webhook bodies are written this way.
public indirect enum GoJSON: Sendable, Equatable {
    case string(String)
    case integer(Int)
    /// A struct: fields in this order.
    case object([(String, GoJSON)])
    case array([GoJSON])

    /// A Go `map[string]string`: keys in byte order.
    public static func map(_ pairs: [String: String]) -> GoJSON {
        .object(pairs.keys.sorted(by: String.byteOrder).map { ($0, .string(pairs[$0]!)) })
    }

    /// The document followed by a newline, as `json.Encoder.Encode` writes it.
    public var encoded: Data {
        var bytes: [UInt8] = []
        write(to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return Data(bytes)
    }

    private func write(to bytes: inout [UInt8]) {
        switch self {
        case .string(let text): Self.write(text, to: &bytes)
        case .integer(let value): bytes.append(contentsOf: Array(String(value).utf8))
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                item.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let fields):
            bytes.append(UInt8(ascii: "{"))
            for (index, (key, value)) in fields.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.write(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                value.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func write(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case "\\": bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case "\n": bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case "\r": bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case "\t": bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                writeEscape(scalar.value, to: &bytes)
            case _ where scalar.value < 0x20:
                writeEscape(scalar.value, to: &bytes)
            default:
                bytes.append(contentsOf: Array(String(scalar).utf8))
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func writeEscape(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) { bytes.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)]) }
    }

    public static func == (left: GoJSON, right: GoJSON) -> Bool { left.encoded == right.encoded }
}
