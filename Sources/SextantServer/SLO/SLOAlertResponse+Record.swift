import Foundation
import SextantAPI
import SextantCore
import SextantStorage

extension SLOAlertResponse {
    init(condition: SLOAlertCondition, record: SLOAlertRecord?) {
        let name = condition.name
        let severity = condition.severity.rawValue
        let description: String
        switch condition.check {
        case .burnRate(let long, let short, let factor):
            description = "burn rate above \(SlothRules.format(factor)) over \(long.label) and \(short.label)"
        case .budgetBelow(let percent):
            description = "less than \(SlothRules.format(percent))% of the error budget remains"
        }
        let state = record?.machine.phase.rawValue ?? AlertStateMachine.Phase.inactive.rawValue
        let since = record?.machine.since
        let activeSince = record?.machine.activeSince
        let resolvedAt = record?.machine.resolvedAt
        let value = record?.value
        let evaluatedAt = record?.evaluatedAt
        self.init(
            name: name, severity: severity, description: description, state: state, since: since,
            activeSince: activeSince, resolvedAt: resolvedAt, value: value, evaluatedAt: evaluatedAt
        )
    }
}
