import Foundation
import SextantCore
import SextantStorage

/// An objective as the API shows it: its definition, its id and when it changed.
struct SLOResponse: Encodable {
    let stored: StoredSLO

    private enum Keys: String, CodingKey { case id, createdAt, updatedAt }

    func encode(to encoder: any Encoder) throws {
        try stored.slo.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(stored.slo.id, forKey: .id)
        try container.encode(stored.createdAt, forKey: .createdAt)
        try container.encode(stored.updatedAt, forKey: .updatedAt)
    }
}

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

/// One condition in `GET /api/v1/slos/{id}/alerts`.
struct SLOAlertResponse: Encodable {
    let name: String
    let severity: String
    let description: String
    let state: String
    let since: Date?
    let activeSince: Date?
    let resolvedAt: Date?
    let value: Double?
    let evaluatedAt: Date?

    init(condition: SLOAlertCondition, record: SLOAlertRecord?) {
        name = condition.name
        severity = condition.severity.rawValue
        switch condition.check {
        case .burnRate(let long, let short, let factor):
            description = "burn rate above \(SlothRules.format(factor)) over \(long.label) and \(short.label)"
        case .budgetBelow(let percent):
            description = "less than \(SlothRules.format(percent))% of the error budget remains"
        }
        state = record?.machine.phase.rawValue ?? AlertStateMachine.Phase.inactive.rawValue
        since = record?.machine.since
        activeSince = record?.machine.activeSince
        resolvedAt = record?.machine.resolvedAt
        value = record?.value
        evaluatedAt = record?.evaluatedAt
    }
}
