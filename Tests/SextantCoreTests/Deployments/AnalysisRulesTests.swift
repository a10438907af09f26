import Foundation
import Testing

@testable import SextantCore

/// Argo Rollouts' analysis rules, and Sextant's explicit "no data", as tables: measurements in,
/// phases out.
@Suite("Analysis rules")
struct AnalysisRulesTests {
    static func condition(_ text: String) -> AnalysisCondition {
        try! AnalysisCondition.parse(text, field: "condition")
    }

    /// A measurement: no condition is successful; one condition makes the other its negation;
    /// both false is inconclusive; a failure that holds fails (also when success holds too).
    @Test(arguments: [
        (nil, nil, 0.9, MeasurementPhase.successful),
        ("result < 0.05", nil, 0.01, .successful), ("result < 0.05", nil, 0.2, .failed),
        (nil, "result > 0.1", 0.01, .successful), (nil, "result > 0.1", 0.2, .failed),
        ("result < 0.05", "result > 0.1", 0.07, .inconclusive), ("result < 0.05", "result > 0.1", 0.01, .successful),
        ("result < 0.05", "result > 0.1", 0.5, .failed), ("result < 1", "result > 0", 0.5, .failed),
    ] as [(String?, String?, Double, MeasurementPhase)])
    func measurementsAreJudgedAsArgoJudgesThem(success: String?, failure: String?, value: Double, phase: MeasurementPhase) {
        let metric = AnalysisMetric(name: "errors", successCondition: success.map(Self.condition), failureCondition: failure.map(Self.condition))
        #expect(metric.judge(value) == phase)
    }

    /// No data — no value, or fewer requests than the minimum — is what the metric says it is.
    @Test(arguments: [
        (NoDataPolicy.inconclusive, nil, nil, MeasurementPhase.inconclusive), (.fail, nil, nil, .failed), (.pass, nil, nil, .successful),
        (.inconclusive, 0.0, 5, .inconclusive), (.fail, 0.0, 5, .failed), (.inconclusive, 0.0, 50, .successful),
        (.inconclusive, Double.nan, 50, .inconclusive),
    ] as [(NoDataPolicy, Double?, Int?, MeasurementPhase)])
    func noDataIsAnExplicitChoice(policy: NoDataPolicy, value: Double?, requests: Int?, phase: MeasurementPhase) {
        let metric = AnalysisMetric(name: "errors", successCondition: Self.condition("result < 0.05"), minimumRequests: 20, noData: policy)
        #expect(metric.judge(value, requests: requests) == phase)
    }

    /// A metric's phase after each measurement (S successful, F failed, I inconclusive, E error),
    /// and once stopped.
    @Test(arguments: [
        ("defaults: one failure fails", AnalysisMetric(name: "m", interval: 60, count: 5), "SF", ["running", "failed"], "failed"),
        ("failureLimit 2 allows two", AnalysisMetric(name: "m", interval: 60, count: 5, failureLimit: 2), "FFSF",
         ["running", "running", "running", "failed"], "failed"),
        ("inconclusive beyond its limit", AnalysisMetric(name: "m", interval: 60, count: 5, inconclusiveLimit: 1), "IS I",
         ["running", "running", "inconclusive"], "inconclusive"),
        ("five errors in a row are an error", AnalysisMetric(name: "m", interval: 60, count: 10), "EEEEE",
         ["running", "running", "running", "running", "error"], "error"),
        ("a success resets the error streak", AnalysisMetric(name: "m", interval: 60, count: 10), "EEEESEEEE",
         ["running", "running", "running", "running", "running", "running", "running", "running", "running"], "successful"),
        ("reaching count succeeds", AnalysisMetric(name: "m", interval: 60, count: 3), "SSS", ["running", "running", "successful"], "successful"),
        ("no interval measures once", AnalysisMetric(name: "m"), "S", ["successful"], "successful"),
        ("a background metric runs until stopped", AnalysisMetric(name: "m", interval: 60), "SSS", ["running", "running", "running"], "successful"),
        ("stopped before any measurement", AnalysisMetric(name: "m", interval: 60), "", [], "inconclusive"),
    ] as [(String, AnalysisMetric, String, [String], String)])
    func metricsFollowArgosLimits(_ name: String, metric: AnalysisMetric, measurements: String, phases: [String], stopped: String) {
        var result = MetricResult()
        var seen: [String] = []
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for (index, letter) in measurements.filter({ $0 != " " }).enumerated() {
            let phase: MeasurementPhase = ["S": .successful, "F": .failed, "I": .inconclusive, "E": .error][letter]!
            result = result.adding(.init(at: start.addingTimeInterval(Double(index) * 60), value: nil, phase: phase))
            seen.append(result.phase(of: metric).rawValue)
        }
        #expect(seen == phases, "\(name)")
        #expect(result.phase(of: metric, stopping: true).rawValue == stopped, "\(name)")
        #expect(MetricResult().phase(of: metric) == .pending)
    }

    /// A run takes its worst metric; dry-run metrics do not decide; no metric that counts is
    /// inconclusive.
    @Test func aRunTakesItsWorstCountedMetric() {
        let once = AnalysisMetric(name: "once")
        let background = AnalysisMetric(name: "background", interval: 30)
        let succeeded = MetricResult().adding(.init(at: .distantPast, value: 0, phase: .successful))
        let failed = MetricResult().adding(.init(at: .distantPast, value: 1, phase: .failed))
        let inconclusive = MetricResult().adding(.init(at: .distantPast, value: nil, phase: .inconclusive))
        var dryRun = once
        dryRun.dryRun = true
        #expect(AnalysisVerdict.phase(of: [(once, succeeded), (background, succeeded)]) == .running)
        #expect(AnalysisVerdict.phase(of: [(once, succeeded), (background, succeeded)], stopping: true) == .successful)
        #expect(AnalysisVerdict.phase(of: [(once, inconclusive), (background, failed)]) == .failed)
        #expect(AnalysisVerdict.phase(of: [(once, inconclusive), (background, MetricResult())]) == .inconclusive)
        #expect(AnalysisVerdict.phase(of: [(once, succeeded), (dryRun, failed)]) == .successful)
        #expect(AnalysisVerdict.phase(of: [(dryRun, succeeded)]) == .inconclusive)
        #expect(AnalysisPhase.allCases.sorted() == [.successful, .running, .pending, .inconclusive, .error, .failed])
        #expect(AnalysisVerdict.consequence(of: .inconclusive) == .pauseForAPerson)
        #expect(AnalysisVerdict.consequence(of: .error) == .abort && AnalysisVerdict.consequence(of: .failed) == .abort)
        #expect(AnalysisVerdict.consequence(of: .successful) == .proceed && AnalysisVerdict.consequence(of: .running) == .wait)
    }

    @Test func measurementsAreDueAfterTheInitialDelayThenEveryInterval() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let metric = AnalysisMetric(name: "m", interval: 60, count: 2, initialDelay: 30)
        #expect(metric.nextMeasurement(after: 0, last: nil, start: start) == start.addingTimeInterval(30))
        #expect(metric.nextMeasurement(after: 1, last: start.addingTimeInterval(31), start: start) == start.addingTimeInterval(91))
        #expect(metric.nextMeasurement(after: 2, last: start.addingTimeInterval(91), start: start) == nil)
        #expect(AnalysisMetric(name: "once").nextMeasurement(after: 1, last: start, start: start) == nil)
    }

    @Test(arguments: [
        ("result < 0.05", 0.01, true), ("result[0] >= 0.99 && result <= 1", 0.995, true), ("result > 1 || result < 0", 0.5, false),
        ("(result > 1 or result < 0) and result != -5", -1, true), ("0.05 > result", 0.01, true), ("result == 1e3", 1000, true),
    ] as [(String, Double, Bool)])
    func conditionsHold(text: String, value: Double, holds: Bool) throws {
        #expect(try AnalysisCondition.parse(text, field: "successCondition").holds(for: value) == holds)
    }

    @Test(arguments: ["", "result", "result <", "result < x", "len(result) > 0", "result < 1 &&", "(result < 1", "result ~ 1",
                      String(repeating: "(", count: 40) + "result < 1" + String(repeating: ")", count: 40), String(repeating: "1", count: 2_000)])
    func badConditionsAreRefusedByField(text: String) {
        #expect(throws: ValidationError.self) { try AnalysisCondition.parse(text, field: "successCondition") }
        do {
            _ = try AnalysisCondition.parse(text, field: "successCondition")
        } catch let error as ValidationError {
            #expect(error.field == "successCondition" && error.code == "invalid_condition")
        } catch {
            Issue.record("\(error)")
        }
    }
}
