extension LatencyHistogram {
    /// Runs of adjacent buckets, in order and covering every bucket, such that a histogram with
    /// each run's counts summed into the run's first bucket has the same ``count`` and the same
    /// ``count(atMost:)`` for every one of `thresholds`: a bucket a threshold falls inside stays
    /// alone, and no run reaches across a threshold.
    public static func runs(keepingExact thresholds: some Sequence<Double>) -> [Range<Int>] {
        var cuts: Set<Int> = [0, bucketCount]
        for threshold in thresholds {
            // The first bucket not counted whole; the overflow bucket is never counted.
            let index = bounds.firstIndex { $0 > threshold } ?? bounds.count
            cuts.insert(index)
            let lower = index == 0 ? 0 : bounds[index - 1]
            if index < bounds.count, threshold > lower { cuts.insert(index + 1) }
        }
        let sorted = cuts.sorted()
        return zip(sorted, sorted.dropFirst()).map { $0..<$1 }
    }
}
