/// How long rollups are kept at each resolution, and what a retention pass must do.
///
/// 1-minute buckets older than ``minuteRetention`` are folded into 1-hour buckets (counts are
/// added, never averaged, so nothing is lost); 1-hour buckets older than ``hourRetention`` are
/// deleted.
public struct RollupRetention: Sendable, Equatable {
    /// The width of a downsampled bucket, in seconds.
    public static let hour: Int64 = 3_600

    /// How long 1-minute buckets are kept, in seconds (default 8 days).
    public var minuteRetention: Int64
    /// How long 1-hour buckets are kept, in seconds (default 400 days).
    public var hourRetention: Int64

    /// Creates a retention policy.
    public init(minuteRetention: Int64 = 8 * 86_400, hourRetention: Int64 = 400 * 86_400) {
        self.minuteRetention = minuteRetention
        self.hourRetention = hourRetention
    }

    /// What a pass at `now` (seconds since 1970) does.
    public struct Pass: Sendable, Equatable {
        /// Minute buckets starting before this move to hour buckets; a whole hour, so that
        /// each hour is folded at once.
        public var downsampleBefore: Int64
        /// Hour buckets starting before this are deleted.
        public var deleteHoursBefore: Int64
    }

    /// The pass to run at `now`.
    public func pass(at now: Int64) -> Pass {
        Pass(
            downsampleBefore: Self.hourBucket(now - minuteRetention),
            deleteHoursBefore: Self.hourBucket(now - hourRetention)
        )
    }

    /// The start of the hour `seconds` falls in.
    public static func hourBucket(_ seconds: Int64) -> Int64 {
        seconds - ((seconds % hour) + hour) % hour
    }
}
