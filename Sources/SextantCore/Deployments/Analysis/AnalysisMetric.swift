import Foundation

/// How one metric of an analysis is measured and judged, with Argo Rollouts' fields and
/// defaults, plus an explicit rule for "no data".
public struct AnalysisMetric: Sendable, Equatable {
    public var name: String
    /// Seconds between measurements; `nil` measures once (unless `count` asks for more).
    public var interval: Double?
    /// How many measurements make the metric successful; `nil` with an interval measures until
    /// the run is stopped (a background analysis).
    public var count: Int?
    /// Seconds to wait before the first measurement.
    public var initialDelay: Double
    public var successCondition: AnalysisCondition?
    public var failureCondition: AnalysisCondition?
    /// Failed measurements allowed; one more fails the metric (cumulative).
    public var failureLimit: Int
    /// Inconclusive measurements allowed; one more makes the metric inconclusive (cumulative).
    public var inconclusiveLimit: Int
    /// Errors in a row allowed; one more makes the metric an error (consecutive: a measurement
    /// that is not an error resets the streak).
    public var consecutiveErrorLimit: Int
    /// A dry-run metric is measured and recorded but does not decide the run.
    public var dryRun: Bool
    /// Fewer requests than this in a measurement's window is no data.
    public var minimumRequests: Int
    public var noData: NoDataPolicy

    public init(name: String, interval: Double? = nil, count: Int? = nil, initialDelay: Double = 0,
                successCondition: AnalysisCondition? = nil, failureCondition: AnalysisCondition? = nil,
                failureLimit: Int = 0, inconclusiveLimit: Int = 0, consecutiveErrorLimit: Int = 4, dryRun: Bool = false,
                minimumRequests: Int = 0, noData: NoDataPolicy = .inconclusive) {
        self.name = name
        self.interval = interval
        self.count = count
        self.initialDelay = initialDelay
        self.successCondition = successCondition
        self.failureCondition = failureCondition
        self.failureLimit = failureLimit
        self.inconclusiveLimit = inconclusiveLimit
        self.consecutiveErrorLimit = consecutiveErrorLimit
        self.dryRun = dryRun
        self.minimumRequests = minimumRequests
        self.noData = noData
    }

    /// The measurements that make the metric successful: `count`, or one when there is no
    /// interval; `nil` when it measures until stopped.
    public var requiredCount: Int? {
        if let count { return count }
        return interval == nil ? 1 : nil
    }

    /// The phase of one measurement: `value` over `requests` requests (either `nil` when the
    /// provider had nothing), or an error. No condition set is successful; with one set, the
    /// other is its negation; both false is inconclusive; a failure condition that holds fails.
    public func judge(_ value: Double?, requests: Int? = nil) -> MeasurementPhase {
        guard let value, value.isFinite, (requests ?? minimumRequests) >= minimumRequests else { return noData.phase }
        let succeeds: Bool
        let fails: Bool
        switch (successCondition, failureCondition) {
        case (nil, nil):
            return .successful
        case (let success?, nil):
            succeeds = success.holds(for: value)
            fails = !succeeds
        case (nil, let failure?):
            fails = failure.holds(for: value)
            succeeds = !fails
        case (let success?, let failure?):
            succeeds = success.holds(for: value)
            fails = failure.holds(for: value)
        }
        if fails { return .failed }
        return succeeds ? .successful : .inconclusive
    }

    /// When the next measurement is due, after `taken` measurements of a metric whose run
    /// started at `start` and whose last measurement was at `last`; `nil` when no more are.
    public func nextMeasurement(after taken: Int, last: Date?, start: Date) -> Date? {
        if let required = requiredCount, taken >= required { return nil }
        guard let last else { return start.addingTimeInterval(initialDelay) }
        return last.addingTimeInterval(interval ?? 0)
    }
}
