import Foundation

/// Writes JSON byte for byte as Go's `encoding/json` encoder writes it, straight into bytes:
/// fields in the order they are written (a struct's declared order), map keys sorted, `<`,
/// `>` and `&` escaped as `\u003c`, `\u003e`, `\u0026`, U+2028 and U+2029 escaped, and a
/// newline after the document (`json.Encoder.Encode`). Alertmanager's webhook bodies are
/// written this way; so are rows and bodies written often.
///
/// Commas are placed by the writer: every value or key after the first in its object or
/// array is preceded by one.
public struct GoJSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A field's name; its value follows.
    public mutating func key(_ name: String) {
        separate()
        writeQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ text: String) {
        separate()
        writeQuoted(text)
        needsComma = true
    }

    public mutating func integer(_ value: Int) {
        separate()
        appendDigits(of: Int64(value))
        needsComma = true
    }

    /// A number as Go writes a `float64`: whole numbers without a fraction.
    public mutating func double(_ value: Double) {
        separate()
        if !value.isFinite {
            bytes.append(UInt8(ascii: "0"))
        } else if value == value.rounded(), abs(value) < 1e15 {
            appendDigits(of: Int64(value))
        } else {
            bytes.append(contentsOf: "\(value)".utf8)
        }
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    /// A Go `[]string`.
    public mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    /// A Go `map[string]string`: keys in byte order, unless `sortingKeys` is false (for JSON
    /// that only Sextant reads back, where the order does not matter).
    public mutating func map(_ pairs: [String: String], sortingKeys: Bool = true) {
        beginObject()
        if sortingKeys {
            for key in pairs.keys.sorted(by: String.byteOrder) {
                self.key(key)
                string(pairs[key]!)
            }
        } else {
            for (key, value) in pairs {
                self.key(key)
                string(value)
            }
        }
        endObject()
    }

    /// The document followed by a newline, as `json.Encoder.Encode` writes it.
    public var encoded: Data {
        Data(bytes + [UInt8(ascii: "\n")])
    }

    public var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendDigits(of value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A quoted string with Go's escapes; runs of plain bytes are copied at once.
    private mutating func writeQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var plainStart = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                let escape: [UInt8]?
                var width = 1
                switch byte {
                case UInt8(ascii: "\""): escape = [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): escape = [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case UInt8(ascii: "\n"): escape = [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case UInt8(ascii: "\r"): escape = [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case UInt8(ascii: "\t"): escape = [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0..<0x20: escape = Self.unicodeEscape(UInt32(byte))
                // U+2028 and U+2029 (E2 80 A8, E2 80 A9), which Go escapes too.
                case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    escape = Self.unicodeEscape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029)
                    width = 3
                default: escape = nil
                }
                if let escape {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<index]))
                    bytes.append(contentsOf: escape)
                    plainStart = index + width
                }
                index += width
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func unicodeEscape(_ value: UInt32) -> [UInt8] {
        [UInt8(ascii: "\\"), UInt8(ascii: "u")] + stride(from: 12, through: 0, by: -4).map { hexDigits[Int((value >> UInt32($0)) & 0xF)] }
    }
}
