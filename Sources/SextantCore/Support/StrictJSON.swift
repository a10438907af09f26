/// Checks that bytes are one JSON document as Sextant's own API accepts it (RFC 8259, strictly):
/// valid UTF-8, no duplicate member names, no trailing commas, at most ``maximumDepth`` levels
/// of nesting. Foundation's decoder silently keeps one of two duplicate members and replaces
/// nothing consistently; running this first makes every `/api/v1` body mean one thing.
public enum StrictJSON {
    /// The deepest nesting of objects and arrays accepted.
    public static let maximumDepth = 64

    /// What is wrong with a document, and where.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// The offset of the offending byte.
        public let offset: Int
        public let reason: String

        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Throws the first problem of `bytes`.
    public static func check(_ bytes: UnsafeRawBufferPointer) throws(Problem) {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw Problem(offset: reader.index, reason: "unexpected data after the document") }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
        }

        func problem(_ reason: String) -> Problem { Problem(offset: index, reason: reason) }

        mutating func value(depth: Int) throws(Problem) {
            guard index < bytes.count else { throw problem("unexpected end of the document") }
            switch bytes[index] {
            case UInt8(ascii: "{"): try object(depth: depth + 1)
            case UInt8(ascii: "["): try array(depth: depth + 1)
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw problem("unexpected character")
            }
        }

        mutating func object(depth: Int) throws(Problem) {
            guard depth <= StrictJSON.maximumDepth else { throw problem("the document nests more than \(StrictJSON.maximumDepth) levels deep") }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
            var names: Set<[UInt8]> = []
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw problem("expected a member name") }
                let start = index
                var name = try string()
                if name.contains(UInt8(ascii: "\\")), case .string(let decoded)? = JSONValue.parse(bytes[start..<index]) {
                    name = Array(decoded.utf8)
                }
                guard names.insert(name).inserted else {
                    index = start
                    let shown = String(decoding: name.prefix(Quoted.maximumCharacters), as: UTF8.self)
                    throw problem("duplicate member '\(shown)'")
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw problem("expected ':'") }
                index += 1
                skipWhitespace()
                try value(depth: depth)
                skipWhitespace()
                guard index < bytes.count else { throw problem("unexpected end of the document") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "}") else { throw problem("expected ',' or '}'") }
                index += 1
                return
            }
        }

        mutating func array(depth: Int) throws(Problem) {
            guard depth <= StrictJSON.maximumDepth else { throw problem("the document nests more than \(StrictJSON.maximumDepth) levels deep") }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
            while true {
                skipWhitespace()
                try value(depth: depth)
                skipWhitespace()
                guard index < bytes.count else { throw problem("unexpected end of the document") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "]") else { throw problem("expected ',' or ']'") }
                index += 1
                return
            }
        }

        mutating func literal(_ word: StaticString) throws(Problem) {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw problem("unexpected end of the document") }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw problem("unexpected character") }
            index += count
        }

        mutating func number() throws(Problem) {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            func digits() -> Int {
                let start = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                return index - start
            }
            guard index < bytes.count else { throw problem("unexpected end of the document") }
            if bytes[index] == 0x30 { index += 1 } else if digits() == 0 { throw problem("invalid number") }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw problem("invalid number") }
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw problem("invalid number") }
            }
        }

        /// A string's raw bytes, escapes as written.
        mutating func string() throws(Problem) -> [UInt8] {
            index += 1
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    defer { index += 1 }
                    return Array(bytes[start..<index])
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { throw problem("unexpected end of the document") }
                    switch bytes[index] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 1
                    case UInt8(ascii: "u"):
                        guard index + 4 < bytes.count, (1...4).allSatisfy({ isHex(bytes[index + $0]) }) else { throw problem("invalid \\u escape") }
                        index += 5
                    default:
                        throw problem("invalid escape")
                    }
                case 0..<0x20:
                    throw problem("control character in a string")
                case 0x80...:
                    try utf8Sequence()
                default:
                    index += 1
                }
            }
            throw problem("unterminated string")
        }

        private func isHex(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
        }

        /// One multi-byte UTF-8 sequence, as Unicode defines well-formed ones.
        mutating func utf8Sequence() throws(Problem) {
            let lead = bytes[index]
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: throw problem("invalid UTF-8")
            }
            guard index + length <= bytes.count else { throw problem("invalid UTF-8") }
            for offset in 1..<length {
                let byte = bytes[index + offset]
                let (minimum, maximum) = offset == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
                guard byte >= minimum && byte <= maximum else { throw problem("invalid UTF-8") }
            }
            index += length
        }
    }
}
