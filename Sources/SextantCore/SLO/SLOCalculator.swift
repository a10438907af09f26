import Foundation

/// Computes an objective's status from its event series: pure, so the same figures come out of
/// the evaluator, the API and the tests.
public enum SLOCalculator {
    /// The events of `series` over `[from, now]`, the bucket holding `now` included.
    static func events(in series: EventSeries, from: Date, to now: Date) -> EventCount {
        series.sum(from: Int64(from.timeIntervalSince1970.rounded(.up)), to: Int64(now.timeIntervalSince1970.rounded(.down)) + 1)
    }

    /// The events `slo` counts against its budget: the raw series, or its time slices.
    static func budgeted(_ raw: EventSeries, for slo: ServiceLevelObjective) -> EventSeries {
        switch slo.budgeting {
        case .occurrences: return raw
        case .timeslices(let slice, let target): return raw.timeslices(sliceSeconds: slice, target: target)
        }
    }

    /// 1 − bad ÷ allowed over a window's `events`; 1 without events.
    static func remainingBudget(_ events: EventCount, for slo: ServiceLevelObjective) -> Double {
        events.total > 0 ? 1 - events.bad / (events.total * slo.errorBudgetRatio) : 1
    }

    /// The status of `slo` at `now`, given its raw event series (minute and hour buckets).
    public static func status(of slo: ServiceLevelObjective, series raw: EventSeries, at now: Date) -> SLOStatus {
        status(of: slo, series: raw, at: now) { SLOAlertCondition.conditions(for: $0, windowDays: $1) }
    }

    /// The status of `slo` at `now`, with its alert conditions from `conditions` (given the
    /// objective's alerting policy and window length in days): an evaluator of thousands of
    /// objectives with the same policy makes their conditions once.
    public static func status(
        of slo: ServiceLevelObjective, series raw: EventSeries, at now: Date,
        conditions: (_ policy: SLOAlertPolicy, _ windowDays: Double) -> [SLOAlertCondition]
    ) -> SLOStatus {
        let series = budgeted(raw, for: slo)
        let (windowStart, windowLength) = slo.window.bounds(at: now)
        let events = events(in: series, from: windowStart, to: now)
        let budgetRatio = slo.errorBudgetRatio
        let allowed = events.total * budgetRatio
        let remaining = remainingBudget(events, for: slo)
        let burns = BurnWindow.allCases.map { window in
            let windowEvents = Self.events(in: series, from: now.addingTimeInterval(-Double(window.seconds)), to: now)
            return SLOStatus.Burn(window: window, events: windowEvents, rate: windowEvents.errorRatio.map { $0 / budgetRatio })
        }
        let current = burns.first { $0.window == .oneHour }?.rate ?? 0
        let exhaustion: TimeInterval? = remaining <= 0 ? 0 : current > 0 ? remaining * windowLength / current : nil
        let conditions = conditions(slo.alerting, windowLength / 86_400).map { condition in
            evaluate(condition, burns: burns, events: events, remaining: remaining, minimumEvents: slo.alerting.minimumEvents)
        }
        let state: SLOStatus.State
        if remaining < 0 {
            state = .breached
        } else if remaining == 0 || conditions.contains(where: \.isActive) {
            state = .warning
        } else {
            state = .ok
        }
        return SLOStatus(
            evaluatedAt: now, windowStart: windowStart, windowLength: windowLength, events: events, sli: events.ratio,
            budget: .init(allowedBadEvents: allowed, consumedBadEvents: events.bad, remainingRatio: remaining),
            burns: burns, windowBurnRate: events.errorRatio.map { $0 / budgetRatio }, timeToExhaustion: exhaustion,
            conditions: conditions, state: state
        )
    }

    private static func evaluate(
        _ condition: SLOAlertCondition, burns: [SLOStatus.Burn], events: EventCount, remaining: Double, minimumEvents: Int64
    ) -> SLOStatus.ConditionResult {
        switch condition.check {
        case .burnRate(let long, let short, let factor):
            let longBurn = burns.first { $0.window == long }
            let shortBurn = burns.first { $0.window == short }
            let hasTraffic = (longBurn?.events.total ?? 0) >= Double(max(1, minimumEvents))
            let isActive = hasTraffic && (longBurn?.rate ?? 0) > factor && (shortBurn?.rate ?? 0) > factor
            return .init(condition: condition, isActive: isActive, value: longBurn?.rate)
        case .budgetBelow(let percent):
            return .init(condition: condition, isActive: events.total > 0 && remaining * 100 < percent, value: remaining * 100)
        }
    }

    /// One point of an objective's history.
    public struct HistoryPoint: Sendable, Equatable {
        public var time: Date
        public var sli: Double?
        public var budgetRemaining: Double
    }

    /// The SLI and budget remaining at each step from `from` to `to`, for charts.
    public static func history(
        of slo: ServiceLevelObjective, series raw: EventSeries, from: Date, to: Date, step: TimeInterval
    ) -> [HistoryPoint] {
        let series = budgeted(raw, for: slo)
        var points: [HistoryPoint] = []
        var time = from
        while time <= to {
            let windowStart = slo.window.bounds(at: time).start
            let events = events(in: series, from: windowStart, to: time)
            points.append(HistoryPoint(time: time, sli: events.ratio, budgetRemaining: remainingBudget(events, for: slo)))
            time = time.addingTimeInterval(step)
        }
        return points
    }
}
