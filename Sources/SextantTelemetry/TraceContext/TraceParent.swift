/// A W3C Trace Context `traceparent` header: `00-<trace id>-<parent id>-<flags>`.
public struct TraceParent: Sendable, Equatable {
    /// 32 lowercase hex digits, not all zero.
    public let traceID: String
    /// 16 lowercase hex digits, not all zero.
    public let parentID: String
    /// Trace flags; bit 0 means sampled.
    public let flags: UInt8

    /// Creates a trace parent from valid parts.
    public init(traceID: String, parentID: String, flags: UInt8 = 1) {
        self.traceID = traceID
        self.parentID = parentID
        self.flags = flags
    }

    /// Parses a header value, or returns `nil` when it is malformed (the caller then starts a
    /// new trace, as the specification asks). Versions above `00` are read by their first four
    /// fields, as the specification requires of version-00 parsers.
    public init?(header: String) {
        let parts = header.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, Self.isHex(parts[0]), parts[0] != "ff" else { return nil }
        if parts[0] == "00" && parts.count != 4 { return nil }
        let trace = String(parts[1]), parent = String(parts[2]), flags = parts[3]
        guard trace.count == 32, Self.isHex(trace), !trace.allSatisfy({ $0 == "0" }),
              parent.count == 16, Self.isHex(parent), !parent.allSatisfy({ $0 == "0" }),
              flags.count == 2, Self.isHex(flags), let flagBits = UInt8(flags, radix: 16)
        else { return nil }
        self.init(traceID: trace, parentID: parent, flags: flagBits)
    }

    /// The header value.
    public var header: String {
        let flagText = String(flags, radix: 16)
        return "00-\(traceID)-\(parentID)-\(flagText.count == 1 ? "0" + flagText : flagText)"
    }

    /// A new random trace id: 32 hex digits.
    public static func makeTraceID() -> String {
        randomHex(bytes: 16)
    }

    /// A new random span id: 16 hex digits.
    public static func makeSpanID() -> String {
        randomHex(bytes: 8)
    }

    private static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(bytes * 2)
        let digits = Array("0123456789abcdef")
        for _ in 0..<bytes {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        if text.allSatisfy({ $0 == "0" }) { return randomHex(bytes: bytes) }
        return text
    }

    /// Lowercase hex only: the specification forbids uppercase digits.
    private static func isHex(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
