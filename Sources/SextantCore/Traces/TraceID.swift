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
