/// A 16-byte W3C trace id.
public struct TraceID: Hashable, Sendable, CustomStringConvertible {
    /// The first eight bytes, big-endian.
    public let high: UInt64
    /// The last eight bytes, big-endian.
    public let low: UInt64

    /// Creates a trace id from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses 32 hex digits.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 32, let high = UInt64(hex.prefix(16), radix: 16), let low = UInt64(hex.suffix(16), radix: 16) else {
            return nil
        }
        self.init(high: high, low: low)
    }

    /// Whether the id is all zeros, which the specification calls invalid.
    public var isZero: Bool { high == 0 && low == 0 }

    /// 32 lowercase hex digits.
    public var description: String { HexDigits.render(high) + HexDigits.render(low) }
}

/// An 8-byte span id; zero means "none".
public struct SpanID: Hashable, Sendable, CustomStringConvertible {
    /// The id, big-endian.
    public let value: UInt64

    /// Creates a span id.
    public init(_ value: UInt64) {
        self.value = value
    }

    /// Parses 16 hex digits.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 16, let value = UInt64(hex, radix: 16) else { return nil }
        self.init(value)
    }

    /// The absent span id.
    public static let none = SpanID(0)

    /// Whether the id is zero (absent).
    public var isZero: Bool { value == 0 }

    /// 16 lowercase hex digits.
    public var description: String { HexDigits.render(value) }
}

enum HexDigits {
    static func render(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
