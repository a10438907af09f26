extension LatencyHistogram {
    /// How many observations were at most `threshold` seconds: whole buckets below it, plus a
    /// linear share of the bucket it falls in (as Prometheus' `histogram_fraction`). Exact when
    /// the threshold is a bucket bound.
    public func count(atMost threshold: Double) -> Double {
        var result = 0.0
        var lower = 0.0
        for index in 0..<Self.bounds.count {
            let bucketCount = count(inBucket: index)
            let upper = Self.bounds[index]
            if upper <= threshold {
                result += Double(bucketCount)
            } else {
                if threshold > lower { result += Double(bucketCount) * (threshold - lower) / (upper - lower) }
                return result
            }
            lower = upper
        }
        // Above the last bound only the overflow bucket is left, and it has no upper bound.
        return result
    }
}

extension SLOIndicator {
    /// The good and total events of one operation bucket.
    public func events(of rollup: OperationRollup) -> EventCount {
        switch self {
        case .availability(_, .error):
            return EventCount(good: Double(rollup.requests - rollup.errors), total: Double(rollup.requests))
        case .availability(_, .http5xx):
            return EventCount(good: Double(rollup.requests - rollup.serverErrors), total: Double(rollup.requests))
        case .latency(_, let threshold):
            return EventCount(good: rollup.latency.count(atMost: threshold), total: Double(rollup.latency.count))
        case .prometheus:
            return EventCount()
        }
    }

    /// The good and total events of one edge bucket.
    public func events(of rollup: EdgeRollup) -> EventCount {
        switch self {
        case .availability:
            return EventCount(good: Double(rollup.requests - rollup.errors), total: Double(rollup.requests))
        case .latency(_, let threshold):
            let latency = rollup.latency
            return EventCount(good: latency.count(atMost: threshold), total: Double(latency.count))
        case .prometheus:
            return EventCount()
        }
    }
}
