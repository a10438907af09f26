import Testing
import SextantCore

@Suite("Rollup measures: what objectives read of long series")
struct RollupMeasuresTests {
    /// Thresholds on bounds, inside buckets, below the first bound and above the last.
    static let thresholds: [Double] = [0.0005, 0.001, 0.003, 0.025, 0.3, 0.5, 1, 1.7, 29, 30, 45]

    /// A histogram with a different count in every bucket.
    static func histogram(seed: Int64) -> LatencyHistogram {
        LatencyHistogram(counts: (0..<Int64(LatencyHistogram.bucketCount)).map { ($0 * 7 + seed * 13) % 23 + $0 }, sum: 12.5)
    }

    @Test func runsKeepEveryThresholdsCountAndTheTotal() {
        for seed in Int64(0)..<5 {
            let histogram = Self.histogram(seed: seed)
            for chosen in [[0.3], [1], [0.3, 1], [0.0005], [45], Self.thresholds] {
                let runs = LatencyHistogram.runs(keepingExact: chosen)
                #expect(runs.first?.lowerBound == 0 && runs.last?.upperBound == LatencyHistogram.bucketCount)
                #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
                let measures = RollupMeasures(errors: false, serverErrors: false, histogramRuns: runs, latencySum: false)
                let merged = OperationRollup(requests: 1, errors: 0, serverErrors: 0, latency: histogram).measured(measures).latency
                #expect(merged.count == histogram.count)
                for threshold in chosen {
                    #expect(abs(merged.count(atMost: threshold) - histogram.count(atMost: threshold)) < 1e-9, "threshold \(threshold)")
                }
            }
        }
    }

    @Test func runsMergeWhatNoThresholdSplits() {
        // 300 ms falls inside (250 ms, 500 ms]: that bucket alone; 1 s is a bound: a cut after it.
        #expect(LatencyHistogram.runs(keepingExact: [0.3, 1]) == [0..<8, 8..<9, 9..<10, 10..<15])
        #expect(LatencyHistogram.runs(keepingExact: [0.25]) == [0..<8, 8..<15])
        // At or above the last bound every finite bucket counts whole and the overflow never does.
        #expect(LatencyHistogram.runs(keepingExact: [30]) == [0..<14, 14..<15])
        #expect(LatencyHistogram.runs(keepingExact: []) == [0..<15])
    }

    @Test func eachIndicatorReadsTheSameEventsFromWhatItsReadersMeasure() {
        let rollup = OperationRollup(requests: 400, errors: 17, serverErrors: 5, latency: Self.histogram(seed: 3))
        let indicators: [SLOIndicator] = [
            .availability(.service, bad: .error), .availability(.service, bad: .http5xx),
            .latency(.service, thresholdSeconds: 0.3), .latency(.service, thresholdSeconds: 1),
        ]
        let together = SLOIndicator.measures(of: indicators)
        #expect(together.errors && together.serverErrors && !together.latencySum)
        #expect(together.histogramRuns.count == 4)
        for indicator in indicators {
            let alone = SLOIndicator.measures(of: [indicator])
            for measures in [alone, together] {
                let read = indicator.events(of: rollup.measured(measures))
                let whole = indicator.events(of: rollup)
                #expect(read.total == whole.total && abs(read.good - whole.good) < 1e-9, "\(indicator)")
            }
        }
        // Availability alone sums no histogram; a latency alone no error counts.
        #expect(SLOIndicator.measures(of: [indicators[0]]).histogramRuns.isEmpty)
        #expect(!SLOIndicator.measures(of: [indicators[2]]).errors)
        #expect(OperationRollup(requests: 3, errors: 1, serverErrors: 1, latency: Self.histogram(seed: 1)).measured(.all)
            == OperationRollup(requests: 3, errors: 1, serverErrors: 1, latency: Self.histogram(seed: 1)))
    }
}
