/// What a reader of operation rollups needs summed: the requests always; the error counts, the
/// latency histogram and its sum only when asked. The histogram may be read in runs of adjacent
/// buckets, each run's counts summed into its first bucket: enough for the counts at or below the
/// thresholds the runs keep exact (``LatencyHistogram/runs(keepingExact:)``), and far fewer sums
/// over a long series.
public struct RollupMeasures: Sendable, Hashable {
    /// Spans whose status was ERROR.
    public var errors: Bool
    /// Spans that answered an HTTP 5xx.
    public var serverErrors: Bool
    /// Runs of histogram buckets, in order, covering every bucket; empty when no histogram is read.
    public var histogramRuns: [Range<Int>]
    /// The sum of the durations.
    public var latencySum: Bool

    public init(errors: Bool, serverErrors: Bool, histogramRuns: [Range<Int>], latencySum: Bool) {
        self.errors = errors
        self.serverErrors = serverErrors
        self.histogramRuns = histogramRuns
        self.latencySum = latencySum
    }

    /// Everything a rollup holds, bucket by bucket.
    public static let all = RollupMeasures(
        errors: true, serverErrors: true, histogramRuns: (0..<LatencyHistogram.bucketCount).map { $0..<($0 + 1) }, latencySum: true
    )

    /// The requests alone.
    public static let requests = RollupMeasures(errors: false, serverErrors: false, histogramRuns: [], latencySum: false)
}

extension OperationRollup {
    /// The rollup as a read of `measures` gives it: what is not measured is zero, and each
    /// histogram run's counts sit in its first bucket.
    public func measured(_ measures: RollupMeasures) -> OperationRollup {
        var latency = LatencyHistogram()
        for run in measures.histogramRuns {
            latency.add(run.reduce(0) { $0 + self.latency.count(inBucket: $1) }, toBucket: run.lowerBound)
        }
        if measures.latencySum { latency.addToSum(self.latency.sum) }
        return OperationRollup(
            requests: requests, errors: measures.errors ? errors : 0, serverErrors: measures.serverErrors ? serverErrors : 0, latency: latency
        )
    }
}
