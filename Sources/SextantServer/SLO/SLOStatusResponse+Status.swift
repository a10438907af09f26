import SextantAPI
import SextantCore

extension SLOStatusResponse {
    init(slo: ServiceLevelObjective, status: SLOStatus) {
        let budget = status.budget
        var burnRates: [String: Double?] = [:]
        for burn in status.burns { burnRates[burn.window.label] = burn.rate }
        burnRates["window"] = status.windowBurnRate
        self.init(
            id: slo.id, service: slo.service, objective: slo.objective, window: slo.window.label, state: status.state.rawValue,
            evaluatedAt: status.evaluatedAt, windowStart: status.windowStart,
            windowEnd: status.windowStart.addingTimeInterval(status.windowLength), sli: status.sli.map { $0 * 100 },
            events: Events(good: status.events.good, bad: status.events.bad, total: status.events.total),
            errorBudget: Budget(
                allowedBadEvents: budget.allowedBadEvents, consumedBadEvents: budget.consumedBadEvents,
                remainingBadEvents: budget.allowedBadEvents - budget.consumedBadEvents,
                remainingPercent: budget.remainingRatio * 100, consumedPercent: (1 - budget.remainingRatio) * 100
            ),
            burnRates: burnRates, timeToExhaustionSeconds: status.timeToExhaustion,
            conditions: status.conditions.map {
                Condition(name: $0.condition.name, severity: $0.condition.severity.rawValue, active: $0.isActive, value: $0.value)
            }
        )
    }
}
