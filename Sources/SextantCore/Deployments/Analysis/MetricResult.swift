import Foundation

/// One metric's measurements so far and their tallies.
public struct MetricResult: Sendable, Equatable {
    public struct Measurement: Sendable, Equatable {
        public var at: Date
        public var value: Double?
        public var phase: MeasurementPhase
        /// What the provider said when it could not measure.
        public var message: String?

        public init(at: Date, value: Double?, phase: MeasurementPhase, message: String? = nil) {
            self.at = at
            self.value = value
            self.phase = phase
            self.message = message
        }
    }

    public private(set) var measurements: [Measurement] = []
    public private(set) var successful = 0
    public private(set) var failed = 0
    public private(set) var inconclusive = 0
    public private(set) var errors = 0
    public private(set) var consecutiveErrors = 0

    public init() {}

    /// The result with `measurement` added.
    public func adding(_ measurement: Measurement) -> MetricResult {
        var result = self
        result.measurements.append(measurement)
        switch measurement.phase {
        case .successful: result.successful += 1
        case .failed: result.failed += 1
        case .inconclusive: result.inconclusive += 1
        case .error: result.errors += 1
        }
        result.consecutiveErrors = measurement.phase == .error ? consecutiveErrors + 1 : 0
        return result
    }

    /// The metric's phase by Argo Rollouts' rules, all strict: errors in a row beyond the
    /// limit make it an error, failures beyond theirs fail it, inconclusive results beyond theirs
    /// make it inconclusive, and reaching the required count makes it successful. A metric
    /// stopped (`stopping`) is successful if it was measured and nothing above holds — but one
    /// never measured is inconclusive, never successful.
    public func phase(of metric: AnalysisMetric, stopping: Bool = false) -> AnalysisPhase {
        if consecutiveErrors > metric.consecutiveErrorLimit { return .error }
        if failed > metric.failureLimit { return .failed }
        if inconclusive > metric.inconclusiveLimit { return .inconclusive }
        if measurements.isEmpty { return stopping ? .inconclusive : .pending }
        if let required = metric.requiredCount, measurements.count >= required { return .successful }
        return stopping ? .successful : .running
    }
}
