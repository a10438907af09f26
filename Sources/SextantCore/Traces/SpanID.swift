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
