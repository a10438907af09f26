import Foundation
import SextantAPI
import SextantCore

extension RuleGroupResponse {
    init(_ loaded: RuleRegistry.LoadedGroup, alerts: [String: [UInt64: RuleAlert]]) {
        let origin: String
        var file: String?
        switch loaded.origin {
        case .builtIn: origin = "built-in"
        case .api: origin = "api"
        case .file(let path):
            origin = "file"
            file = path
        }
        let rules = loaded.group.rules.map { rule in
            let ruleAlerts = (alerts[rule.name] ?? [:]).values.sorted { $0.labels.prometheusText < $1.labels.prometheusText }
            let state = ruleAlerts.contains { $0.phase == .firing } ? "firing" : ruleAlerts.contains { $0.phase == .pending } ? "pending" : "inactive"
            return RuleResponse(
                name: rule.name, query: rule.expression.text, duration: rule.holdDuration, keepFiringFor: rule.keepFiringFor,
                labels: rule.labels, annotations: rule.annotations, health: loaded.health[rule.name]?.health ?? "unknown",
                lastError: loaded.health[rule.name]?.lastError, state: state,
                alerts: ruleAlerts.map {
                    RuleAlertResponse(labels: $0.labels, annotations: $0.annotations, state: $0.phase.rawValue, activeAt: $0.activeAt,
                                      firedAt: $0.firedAt, resolvedAt: $0.resolvedAt, keepFiringSince: $0.keepFiringSince,
                                      value: $0.value.isFinite ? $0.value : 0)
                }
            )
        }
        self.init(
            name: loaded.group.name, interval: loaded.group.interval, limit: loaded.group.limit, origin: origin, file: file,
            lastEvaluation: loaded.lastEvaluation, evaluationTime: loaded.lastDuration, rules: rules
        )
    }
}
