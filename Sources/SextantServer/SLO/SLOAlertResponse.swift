import Foundation
import SextantAPI
import SextantCore
import SextantStorage

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
