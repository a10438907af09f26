import Foundation

/// One run of an analysis: its metrics, each one's measurements so far, and when each is next
/// due. It holds no I/O; whoever measures records the measurement here and reads the run's phase.
public struct AnalysisRun: Sendable, Equatable {
    public let metrics: [AnalysisMetric]
    public let startedAt: Date
    public private(set) var results: [MetricResult]

    public init(metrics: [AnalysisMetric], startedAt: Date) {
        self.metrics = metrics
        self.startedAt = startedAt
        self.results = metrics.map { _ in MetricResult() }
    }

    /// When metric `index` is next measured; `nil` once it has a final phase or its count.
    public func nextMeasurement(of index: Int) -> Date? {
        let result = results[index]
        guard !result.phase(of: metrics[index]).isFinished else { return nil }
        return metrics[index].nextMeasurement(after: result.measurements.count, last: result.measurements.last?.at, start: startedAt)
    }

    /// The metrics due for a measurement at `now`.
    public func due(at now: Date) -> [Int] {
        metrics.indices.filter { index in nextMeasurement(of: index).map { $0 <= now } ?? false }
    }

    /// The earliest time any metric is due; `nil` when none will be.
    public var nextDue: Date? {
        metrics.indices.compactMap(nextMeasurement(of:)).min()
    }

    /// Records a measurement of metric `index`.
    public mutating func record(_ measurement: MetricResult.Measurement, metric index: Int) {
        results[index] = results[index].adding(measurement)
    }

    /// The run's phase: its worst counted metric (``AnalysisVerdict``).
    public func phase(stopping: Bool = false) -> AnalysisPhase {
        AnalysisVerdict.phase(of: Array(zip(metrics, results)).map { ($0.0, $0.1) }, stopping: stopping)
    }
}
