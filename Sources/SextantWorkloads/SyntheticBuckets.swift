import SextantCore

/// Event buckets as an objective's evaluator reads them from the rollups.
public enum SyntheticBuckets {
    /// Minute buckets for the last 8 days of `[from, to)` and hour buckets before (the rollups'
    /// default retention), with 5 to 24 events a second and a burst of failures now and then.
    public static func objective(from: Int64, to: Int64, using random: inout SplitMix64) -> [EventBucket] {
        let minuteFrom = to - 8 * 86_400
        var result: [EventBucket] = []
        result.reserveCapacity(Int((minuteFrom - from) / 3_600 + (to - minuteFrom) / 60) + 2)
        var start = from
        while start < to {
            let length: Int64 = start < minuteFrom ? 3_600 : 60
            let total = Double(length) * (5 + Double(random.next() % 20))
            let bad = Double(random.next() % 1_000 == 0 ? Int(total / 10) : Int(random.next() % 3))
            result.append(EventBucket(start: start, length: length, good: total - bad, total: total))
            start += length
        }
        return result
    }
}
