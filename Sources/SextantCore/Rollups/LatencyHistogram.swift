/// Request durations counted in fixed buckets, from 1 ms to 30 s.
///
/// The bucket upper bounds (seconds) are ``bounds``, plus an overflow bucket (+Inf); they are
/// part of the stored format and never change. Quantiles are estimated as Prometheus'
/// `histogram_quantile` does: linear interpolation inside the bucket holding the rank.
public struct LatencyHistogram: Sendable, Equatable, Hashable {
    /// Upper bounds of the finite buckets, in seconds.
    public static let bounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
    /// Number of buckets, the overflow bucket included.
    public static let bucketCount = 15

    /// Observations per bucket (not cumulative), held inline: a histogram is a plain value that
    /// copies without a heap allocation, and millions of rollups hold one each.
    private var buckets: InlineArray<15, Int64>
    /// The sum of all observed durations, in seconds.
    public private(set) var sum: Double

    /// An empty histogram.
    public init() {
        buckets = InlineArray(repeating: 0)
        sum = 0
    }

    /// A histogram with the given bucket counts and sum.
    public init(counts: [Int64], sum: Double) {
        precondition(counts.count == Self.bucketCount, "a latency histogram has \(Self.bucketCount) buckets")
        buckets = InlineArray { counts[$0] }
        self.sum = sum
    }

    /// Observations per bucket (not cumulative); the last one counts those above 30 s.
    public var counts: [Int64] { (0..<Self.bucketCount).map { buckets[$0] } }

    /// The observations in bucket `index` (0..<``bucketCount``).
    public func count(inBucket index: Int) -> Int64 { buckets[index] }

    /// Adds `count` observations to bucket `index`, without changing the sum (for histograms
    /// read back bucket by bucket).
    public mutating func add(_ count: Int64, toBucket index: Int) { buckets[index] += count }

    /// Adds `seconds` to the sum, without counting an observation (see ``add(_:toBucket:)``).
    public mutating func addToSum(_ seconds: Double) { sum += seconds }

    /// The number of observations.
    public var count: Int64 {
        var total: Int64 = 0
        for index in 0..<Self.bucketCount { total += buckets[index] }
        return total
    }

    public static func == (left: LatencyHistogram, right: LatencyHistogram) -> Bool {
        guard left.sum == right.sum else { return false }
        for index in 0..<bucketCount where left.buckets[index] != right.buckets[index] { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        for index in 0..<Self.bucketCount { hasher.combine(buckets[index]) }
        hasher.combine(sum)
    }

    /// The bucket a duration falls in: the first whose upper bound is at least `seconds`.
    public static func bucket(for seconds: Double) -> Int {
        var low = 0, high = bounds.count
        while low < high {
            let middle = (low + high) / 2
            if bounds[middle] < seconds { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Counts one duration.
    public mutating func record(_ seconds: Double) {
        buckets[Self.bucket(for: seconds)] += 1
        sum += seconds
    }

    /// Adds another histogram's counts to this one.
    public mutating func merge(_ other: LatencyHistogram) {
        for index in 0..<Self.bucketCount { buckets[index] += other.buckets[index] }
        sum += other.sum
    }

    /// The estimated `q`-quantile (0…1) in seconds, or `nil` when empty. A rank in the overflow
    /// bucket answers the highest finite bound, 30 s, as Prometheus does.
    public func quantile(_ q: Double) -> Double? {
        let total = count
        guard total > 0 else { return nil }
        let rank = q * Double(total)
        var cumulative: Int64 = 0
        for index in 0..<Self.bucketCount {
            let bucketCount = buckets[index]
            let below = cumulative
            cumulative += bucketCount
            guard Double(cumulative) >= rank, bucketCount > 0 || rank == 0 else { continue }
            guard index < Self.bounds.count else { return Self.bounds.last }
            let lower = index == 0 ? 0 : Self.bounds[index - 1]
            let upper = Self.bounds[index]
            guard bucketCount > 0 else { return upper }
            return lower + (upper - lower) * (rank - Double(below)) / Double(bucketCount)
        }
        return Self.bounds.last
    }
}
