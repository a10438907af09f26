import Foundation
import Testing
import SextantCore

@Suite("SLO computation: SLI, budget, burn rates and conditions over event series")
struct SLOCalculatorTests {
    /// Two days at 100 requests a second, all good, then every request fails from `origin`;
    /// as the rollups hold it `now` seconds after `origin`.
    static func outage(now: Int64) -> SeriesBuilder {
        var builder = SeriesBuilder()
        builder.steady(from: -2 * 86_400, to: min(0, now), goodPerSecond: 100, badPerSecond: 0)
        if now > 0 { builder.steady(from: 0, to: now, goodPerSecond: 0, badPerSecond: 100) }
        return builder
    }

    struct Expectation: Sendable, CustomTestStringConvertible {
        let offset: Int64
        let active: [String]
        var testDescription: String { "+\(offset)s → \(active)" }
    }

    /// The Workbook's table: at a 100% error rate, 14.4× over 1 h is reached after
    /// 0.001 × 14.4 × 3600 s = 51.84 s; the window starts at the first minute bucket inside
    /// `[now − 1h, now]`, so the ratio is x ÷ (3540 + x) and crosses 0.0144 between 51 s and 52 s.
    /// 6× over 6 h follows once x ÷ (21420 + x) > 0.006: after 129.3 s. By then 12,900 bad
    /// events have spent three quarters of the budget of two days' traffic.
    @Test(arguments: [
        Expectation(offset: -60, active: []),
        Expectation(offset: 51, active: []),
        Expectation(offset: 52, active: ["burn-rate-page-1h-5m"]),
        Expectation(offset: 129, active: ["burn-rate-page-1h-5m", "budget-remaining-below-50"]),
        Expectation(offset: 130, active: ["burn-rate-page-1h-5m", "burn-rate-page-6h-30m", "budget-remaining-below-50"]),
    ])
    func pageConditionsFireWhenTheWorkbookPredicts(_ expectation: Expectation) {
        let series = Self.outage(now: expectation.offset).series
        let status = SLOCalculator.status(of: availability(99.9), series: series, at: at(expectation.offset))
        #expect(status.activeConditions == expectation.active)
    }

    @Test func theBudgetCountsEventsAcrossMinuteAndHourBuckets() {
        var builder = SeriesBuilder()
        // 20 days ago to 8 days ago: hour buckets, 1 request in 1,000 failing.
        builder.steady(from: -20 * 86_400, to: -8 * 86_400, goodPerSecond: 0.999, badPerSecond: 0.001, length: 3_600)
        // The last 8 days: minute buckets, one day of them at 2% errors and ten times the traffic.
        builder.steady(from: -8 * 86_400, to: -86_400, goodPerSecond: 1, badPerSecond: 0)
        builder.steady(from: -86_400, to: 0, goodPerSecond: 9.8, badPerSecond: 0.2)
        let status = SLOCalculator.status(of: availability(99), series: builder.series, at: at(0))
        let total = 12.0 * 86_400 + 7 * 86_400 + 10 * 86_400
        let bad = 0.001 * 12 * 86_400 + 0.2 * 86_400
        #expect(abs(status.events.total - total) < 1e-6)
        #expect(abs(status.budget.consumedBadEvents - bad) < 1e-6)
        #expect(abs(status.budget.allowedBadEvents - total * 0.01) < 1e-6)
        #expect(abs(status.budget.remainingRatio - (1 - bad / (total * 0.01))) < 1e-9)
        // The ratio of the sums (0.73% bad), not the mean of the daily ratios (0.16%).
        #expect(abs(status.sli! - (1 - bad / total)) < 1e-12)
        #expect(abs(status.burnRate(over: .oneDay)! - 2) < 1e-9)
        #expect(status.burnRate(over: .fiveMinutes).map { abs($0 - 2) < 1e-9 } == true)
        // 3 days at 1.67× and 6 hours at 2× open a ticket; 27% of the budget is left.
        #expect(status.activeConditions == ["burn-rate-ticket-3d-6h", "budget-remaining-below-50"])
        #expect(status.state == .warning)
    }

    @Test func aSpentBudgetIsBreachedAndExhaustionIsNow() {
        var builder = SeriesBuilder()
        builder.steady(from: -86_400, to: 0, goodPerSecond: 9, badPerSecond: 1)
        let status = SLOCalculator.status(of: availability(99.9), series: builder.series, at: at(0))
        #expect(status.state == .breached)
        #expect(status.budget.remainingRatio < 0)
        #expect(status.timeToExhaustion == 0)
        #expect(status.activeConditions.contains("budget-remaining-below-50"))
    }

    @Test func timeToExhaustionFollowsTheCurrentBurn() {
        var builder = SeriesBuilder()
        // Nine good days, then one at 2×: 80% of the budget is left, and at 2× a 30-day
        // budget lasts 15 days, so 80% of it lasts 12.
        builder.steady(from: -10 * 86_400, to: -86_400, goodPerSecond: 1, badPerSecond: 0)
        builder.steady(from: -86_400, to: 0, goodPerSecond: 0.998, badPerSecond: 0.002)
        let status = SLOCalculator.status(of: availability(99.9), series: builder.series, at: at(0))
        #expect(abs(status.budget.remainingRatio - 0.8) < 1e-9)
        #expect(abs(status.burnRate(over: .oneHour)! - 2) < 1e-9)
        #expect(abs(status.timeToExhaustion! - 12 * 86_400) < 1)
        #expect(status.state == .ok)
    }

    @Test func quietServicesDoNotPageBelowTheMinimumEvents() {
        var builder = SeriesBuilder()
        builder.steady(from: -3_600, to: -600, goodPerSecond: 0.01, badPerSecond: 0)
        builder.steady(from: -60, to: 0, goodPerSecond: 0, badPerSecond: 0.05)   // 3 failed requests
        var guarded = SLOAlertPolicy()
        guarded.minimumEvents = 100
        let withGuard = SLOCalculator.status(of: availability(99.9, alerting: guarded), series: builder.series, at: at(0))
        let withoutGuard = SLOCalculator.status(of: availability(99.9), series: builder.series, at: at(0))
        #expect(withoutGuard.activeConditions.contains("burn-rate-page-1h-5m"))
        #expect(!withGuard.activeConditions.contains { $0.hasPrefix("burn-rate") })
    }

    @Test func calendarWindowsResetAtTheMonthBoundaryInTheirZone() {
        // Berlin's December starts at 2026-11-30T23:00:00Z.
        let monthStart: Int64 = 1_796_079_600 - origin
        var builder = SeriesBuilder()
        builder.steady(from: monthStart - 3 * 3_600, to: monthStart, goodPerSecond: 0, badPerSecond: 1)
        builder.steady(from: monthStart, to: monthStart + 1_800, goodPerSecond: 1, badPerSecond: 0)
        let slo = availability(99.9, window: .calendarMonth(timeZone: "Europe/Berlin"))
        let now = at(monthStart + 1_800)
        let status = SLOCalculator.status(of: slo, series: builder.series, at: now)
        #expect(status.windowStart == at(monthStart))
        #expect(status.windowLength == 31 * 86_400)
        #expect(status.events.total == 1_800)
        #expect(status.budget.remainingRatio == 1)
        #expect(status.sli == 1)
        // The burn windows are rolling: the last hour still holds November's failures.
        #expect(abs(status.burnRate(over: .oneHour)! - 500) < 1e-9)
        // Before the boundary, the same failures spent November's budget.
        let before = SLOCalculator.status(of: slo, series: builder.series, at: at(monthStart - 1))
        #expect(before.state == .breached)
        #expect(before.windowLength == 30 * 86_400)
    }

    @Test func burnFactorsScaleWithTheWindow() {
        let conditions = SLOAlertCondition.conditions(for: SLOAlertPolicy(), windowDays: 28)
        let factors = conditions.compactMap { condition -> Double? in
            if case .burnRate(_, _, let factor) = condition.check { return factor }
            return nil
        }
        #expect(factors.map { ($0 * 1_000).rounded() / 1_000 } == [13.44, 5.6, 2.8, 0.933])
        #expect(conditions.map(\.name) == [
            "burn-rate-page-1h-5m", "burn-rate-page-6h-30m", "burn-rate-ticket-1d-2h", "burn-rate-ticket-3d-6h",
            "budget-remaining-below-50",
        ])
    }

    @Test func latencyCountsRequestsUnderTheThresholdFromTheHistogram() {
        var histogram = LatencyHistogram()
        for _ in 0..<90 { histogram.record(0.2) }    // (0.1, 0.25] bucket
        for _ in 0..<10 { histogram.record(0.4) }    // (0.25, 0.5] bucket
        let exact = SLOIndicator.latency(.service, thresholdSeconds: 0.25)
            .events(of: OperationRollup(requests: 100, errors: 0, serverErrors: 0, latency: histogram))
        #expect(exact == EventCount(good: 90, total: 100))
        // 0.3 s is a fifth of the way through (0.25, 0.5]: 90 + 10 × 0.2.
        let interpolated = SLOIndicator.latency(.service, thresholdSeconds: 0.3)
            .events(of: OperationRollup(requests: 100, errors: 0, serverErrors: 0, latency: histogram))
        #expect(abs(interpolated.good - 92) < 1e-9)
    }

    @Test func http5xxOnlyLeavesClientErrorsGood() {
        let rollup = OperationRollup(requests: 100, errors: 7, serverErrors: 2, latency: LatencyHistogram())
        #expect(SLOIndicator.availability(.service, bad: .error).events(of: rollup) == EventCount(good: 93, total: 100))
        #expect(SLOIndicator.availability(.service, bad: .http5xx).events(of: rollup) == EventCount(good: 98, total: 100))
    }

    @Test func timeslicesCountGoodMinutes() {
        var builder = SeriesBuilder()
        builder.steady(from: -600, to: 0, goodPerSecond: 10, badPerSecond: 0)
        builder.steady(from: -180, to: -120, goodPerSecond: 0, badPerSecond: 5)   // one minute at 67% good
        var slo = availability(90)
        slo.budgeting = .timeslices(sliceSeconds: 60, sliceTarget: 0.95)
        let status = SLOCalculator.status(of: slo, series: builder.series, at: at(-1))
        #expect(status.events == EventCount(good: 9, total: 10))
        #expect(abs(status.sli! - 0.9) < 1e-12)
    }

    @Test func historyStepsThroughTheWindow() {
        let series = Self.outage(now: 180).series
        let points = SLOCalculator.history(of: availability(99.9), series: series, from: at(-120), to: at(120), step: 60)
        #expect(points.count == 5)
        #expect(points[0].budgetRemaining == 1)
        #expect(points[4].budgetRemaining < points[3].budgetRemaining)
        #expect(points[4].sli! < 1)
    }

    @Test func seriesReplaceTheirNewestBucketsAndDropOldOnes() {
        var series = EventSeries([
            EventBucket(start: 0, good: 1, total: 1), EventBucket(start: 60, good: 2, total: 2), EventBucket(start: 120, good: 3, total: 4),
        ])
        series.replace(from: 120, with: [EventBucket(start: 120, good: 5, total: 6), EventBucket(start: 180, good: 1, total: 1)])
        #expect(series.sum(from: 0, to: 240) == EventCount(good: 9, total: 10))
        series.drop(before: 60)
        #expect(series.sum(from: 0, to: 240) == EventCount(good: 8, total: 9))
        #expect(series.firstStart == 60)
    }
}
