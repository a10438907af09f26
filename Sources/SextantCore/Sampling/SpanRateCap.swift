/// At most `spansPerSecond` kept spans in each second: a kept trace whose spans do not fit in the
/// second it is decided is dropped whole (never kept in part).
public struct SpanRateCap: Sendable, Equatable {
    public let spansPerSecond: Int
    private var second: Int64 = .min
    private var used = 0

    public init(spansPerSecond: Int) {
        self.spansPerSecond = spansPerSecond
    }

    /// Whether `spans` more fit in `second` (whole seconds since 1970); they are counted when they do.
    public mutating func admit(_ spans: Int, inSecond second: Int64) -> Bool {
        if second != self.second {
            self.second = second
            used = 0
        }
        guard used + spans <= spansPerSecond else { return false }
        used += spans
        return true
    }
}
