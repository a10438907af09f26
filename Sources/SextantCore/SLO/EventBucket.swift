import Foundation

/// Good and total events in one time bucket (a minute or an hour of rollups).
public struct EventBucket: Sendable, Equatable {
    /// Start of the bucket, in seconds since 1970.
    public var start: Int64
    /// The bucket's length in seconds.
    public var length: Int64
    public var good: Double
    public var total: Double

    public init(start: Int64, length: Int64 = 60, good: Double, total: Double) {
        self.start = start
        self.length = length
        self.good = good
        self.total = total
    }

    /// Events that were not good.
    public var bad: Double { total - good }
}
