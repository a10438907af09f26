import Foundation

/// Reads JSON from bytes one piece at a time, so that a caller that knows the shape it
/// expects reads it straight into its own types: no document is built in between. Every
/// method returns `nil` or `false` when the bytes do not hold what was asked for.
public struct JSONScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    public init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Whether only whitespace is left.
    public var isAtEnd: Bool {
        mutating get {
            skipWhitespace()
            return index == bytes.count
        }
    }

    /// Consumes a `null` if one is next.
    public mutating func null() -> Bool {
        skipWhitespace()
        return literal("null", true) ?? false
    }

    /// The next value, whatever it is.
    public mutating func value() -> JSONValue? {
        skipWhitespace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            var object: [String: JSONValue] = [:]
            guard members(into: { key, scanner in
                guard let value = scanner.value() else { return false }
                object[key] = value
                return true
            }) else { return nil }
            return .object(object)
        case UInt8(ascii: "["):
            var items: [JSONValue] = []
            guard elements(into: { scanner in
                guard let item = scanner.value() else { return false }
                items.append(item)
                return true
            }) else { return nil }
            return .array(items)
        case UInt8(ascii: "\""): return quotedString().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    /// The next value, which must be a string.
    public mutating func string() -> String? {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        return quotedString()
    }

    /// The next value, which must be an object whose members are all strings.
    public mutating func stringMap() -> [String: String]? {
        var result: [String: String] = [:]
        guard members(into: { key, scanner in
            guard let value = scanner.string() else { return false }
            result[key] = value
            return true
        }) else { return nil }
        return result
    }

    /// Reads an object, handing each member's name to `read`, which must consume the value.
    public mutating func members(into read: (String, inout JSONScanner) -> Bool) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{"), enter() else { return false }
        defer { depth -= 1 }
        index += 1
        guard !consume(UInt8(ascii: "}")) else { return true }
        while true {
            guard let key = string(), consume(UInt8(ascii: ":")), read(key, &self) else { return false }
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "}"))
        }
    }

    /// Reads an array, calling `read` for each element, which it must consume.
    public mutating func elements(into read: (inout JSONScanner) -> Bool) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "["), enter() else { return false }
        defer { depth -= 1 }
        index += 1
        guard !consume(UInt8(ascii: "]")) else { return true }
        while true {
            guard read(&self) else { return false }
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "]"))
        }
    }

    /// One level deeper; documents nest at most 64 levels.
    private mutating func enter() -> Bool {
        depth += 1
        if depth < 64 { return true }
        depth -= 1
        return false
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    private mutating func literal<Value>(_ word: StaticString, _ value: Value) -> Value? {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return nil }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return nil }
        index += count
        return value
    }

    private mutating func number() -> JSONValue? {
        double().map(JSONValue.number)
    }

    /// The next value, which must be a number.
    public mutating func double() -> Double? {
        skipWhitespace()
        let start = index
        while index < bytes.count, (bytes[index] >= 0x30 && bytes[index] <= 0x39) || bytes[index] == UInt8(ascii: "-")
            || bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: ".") || bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
        }
        guard index > start, let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) else {
            index = start
            return nil
        }
        return value
    }

    /// The next value, which must be `true` or `false`.
    public mutating func bool() -> Bool? {
        skipWhitespace()
        guard index < bytes.count else { return nil }
        return bytes[index] == UInt8(ascii: "t") ? literal("true", true) : literal("false", false)
    }

    /// The string whose opening quote is at `index`. As Go's decoder does, invalid UTF-8 and
    /// unpaired surrogates become U+FFFD rather than errors.
    private mutating func quotedString() -> String? {
        index += 1
        let start = index
        // The common case: no escapes, taken as it is.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 { index += 1 }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            defer { index += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }
        var decoded = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            guard byte >= 0x20 else { return nil }
            guard byte == UInt8(ascii: "\\") else {
                decoded.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { return nil }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escaped)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4() else { return nil }
                if scalar >= 0xD800 && scalar < 0xDC00, index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let resume = index
                    index += 2
                    if let low = hex4(), low >= 0xDC00 && low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        // Not a low surrogate: read again as an escape of its own.
                        index = resume
                    }
                }
                decoded.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8))
            default: return nil
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            default: return nil
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
