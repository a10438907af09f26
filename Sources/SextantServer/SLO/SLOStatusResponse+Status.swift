import SextantAPI
import SextantCore

extension SLOStatusResponse {
    init(slo: ServiceLevelObjective, status: SLOStatus) {
        let id = slo.id
        let service = slo.service
        let objective = slo.objective
        let window = slo.window.label
        let state = status.state.rawValue
        let evaluatedAt = status.evaluatedAt
        let windowStart = status.windowStart
        let windowEnd = status.windowStart.addingTimeInterval(status.windowLength)
        let sli = status.sli.map { $0 * 100 }
        let events = Events(good: status.events.good, bad: status.events.bad, total: status.events.total)
        let budget = status.budget
        let errorBudget = Budget(
            allowedBadEvents: budget.allowedBadEvents, consumedBadEvents: budget.consumedBadEvents,
            remainingBadEvents: budget.allowedBadEvents - budget.consumedBadEvents,
            remainingPercent: budget.remainingRatio * 100, consumedPercent: (1 - budget.remainingRatio) * 100
        )
        var rates: [String: Double?] = [:]
        for burn in status.burns { rates[burn.window.label] = burn.rate }
        rates["window"] = status.windowBurnRate
        let burnRates = rates
        let timeToExhaustionSeconds = status.timeToExhaustion
        let conditions = status.conditions.map {
            Condition(name: $0.condition.name, severity: $0.condition.severity.rawValue, active: $0.isActive, value: $0.value)
        }
        self.init(
            id: id, service: service, objective: objective, window: window, state: state, evaluatedAt: evaluatedAt,
            windowStart: windowStart, windowEnd: windowEnd, sli: sli, events: events, errorBudget: errorBudget,
            burnRates: burnRates, timeToExhaustionSeconds: timeToExhaustionSeconds, conditions: conditions
        )
    }
}
