import Foundation
import SextantAPI
import SextantCore
import SextantStorage

extension SLOAlertResponse {
    init(condition: SLOAlertCondition, record: SLOAlertRecord?) {
        let description: String
        switch condition.check {
        case .burnRate(let long, let short, let factor):
            description = "burn rate above \(SlothRules.format(factor)) over \(long.label) and \(short.label)"
        case .budgetBelow(let percent):
            description = "less than \(SlothRules.format(percent))% of the error budget remains"
        }
        self.init(
            name: condition.name, severity: condition.severity.rawValue, description: description,
            state: record?.machine.phase.rawValue ?? AlertStateMachine.Phase.inactive.rawValue, since: record?.machine.since,
            activeSince: record?.machine.activeSince, resolvedAt: record?.machine.resolvedAt, value: record?.value,
            evaluatedAt: record?.evaluatedAt
        )
    }
}
