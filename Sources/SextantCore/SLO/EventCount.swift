import Foundation

/// Event sums over any window: `(good, total)`.
public struct EventCount: Sendable, Equatable {
    public var good: Double
    public var total: Double

    public init(good: Double = 0, total: Double = 0) {
        self.good = good
        self.total = total
    }

    public var bad: Double { max(0, total - good) }
    /// The good share, or `nil` without events.
    public var ratio: Double? { total > 0 ? good / total : nil }
    /// The bad share, or `nil` without events.
    public var errorRatio: Double? { total > 0 ? bad / total : nil }
}
