import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// `GET /api/v1/slos/{id}/status`.
struct SLOStatusResponse: Encodable {
    struct Events: Encodable {
        let good: Double
        let bad: Double
        let total: Double
    }

    struct Budget: Encodable {
        let allowedBadEvents: Double
        let consumedBadEvents: Double
        let remainingBadEvents: Double
        let remainingPercent: Double
        let consumedPercent: Double
    }

    struct Condition: Encodable {
        let name: String
        let severity: String
        let active: Bool
        let value: Double?
    }

    let id: String
    let service: String
    let objective: Double
    let window: String
    let state: String
    let evaluatedAt: Date
    let windowStart: Date
    let windowEnd: Date
    let sli: Double?
    let events: Events
    let errorBudget: Budget
    let burnRates: [String: Double?]
    let timeToExhaustionSeconds: Double?
    let conditions: [Condition]

    init(slo: ServiceLevelObjective, status: SLOStatus) {
        id = slo.id
        service = slo.service
        objective = slo.objective
        window = slo.window.label
        state = status.state.rawValue
        evaluatedAt = status.evaluatedAt
        windowStart = status.windowStart
        windowEnd = status.windowStart.addingTimeInterval(status.windowLength)
        sli = status.sli.map { $0 * 100 }
        events = Events(good: status.events.good, bad: status.events.bad, total: status.events.total)
        let budget = status.budget
        errorBudget = Budget(
            allowedBadEvents: budget.allowedBadEvents, consumedBadEvents: budget.consumedBadEvents,
            remainingBadEvents: budget.allowedBadEvents - budget.consumedBadEvents,
            remainingPercent: budget.remainingRatio * 100, consumedPercent: (1 - budget.remainingRatio) * 100
        )
        var rates: [String: Double?] = [:]
        for burn in status.burns { rates[burn.window.label] = burn.rate }
        rates["window"] = status.windowBurnRate
        burnRates = rates
        timeToExhaustionSeconds = status.timeToExhaustion
        conditions = status.conditions.map {
            Condition(name: $0.condition.name, severity: $0.condition.severity.rawValue, active: $0.isActive, value: $0.value)
        }
    }
}
