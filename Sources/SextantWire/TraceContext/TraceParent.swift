import Synchronization

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

    /// Random ids from a SplitMix64 sequence seeded once from the system's generator: ids need
    /// to be unique and unguessable enough for tracing, not cryptographic, and a system call
    /// per byte showed up in every request's cost.
    private static let sequence = Atomic<UInt64>(UInt64.random(in: .min ... .max))

    private static func nextRandom() -> UInt64 {
        var z = sequence.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func randomHex(bytes: Int) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes * 2)
        var remaining = bytes
        while remaining > 0 {
            var word = nextRandom()
            for _ in 0..<min(8, remaining) {
                text.append(digits[Int(word >> 60)])
                text.append(digits[Int((word >> 56) & 0x0F)])
                word <<= 8
            }
            remaining -= 8
        }
        if text.allSatisfy({ $0 == UInt8(ascii: "0") }) { return randomHex(bytes: bytes) }
        return String(decoding: text, as: UTF8.self)
    }

    /// Lowercase hex only: the specification forbids uppercase digits.
    private static func isHex(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
