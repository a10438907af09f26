import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// A rule group with its rules' states, as `GET /api/v1/rules` shows it.
struct RuleGroupResponse: Encodable {
    struct RuleAlertResponse: Encodable {
        var labels: LabelSet
        var annotations: [String: String]
        var state: String
        var activeAt: Date
        var firedAt: Date?
        var resolvedAt: Date?
        var keepFiringSince: Date?
        var value: Double
    }

    struct RuleResponse: Encodable {
        var name: String
        var query: String
        var duration: Double
        var keepFiringFor: Double
        var labels: [String: String]
        var annotations: [String: String]
        var health: String
        var lastError: String?
        /// The most advanced state among its alerts.
        var state: String
        var alerts: [RuleAlertResponse]
    }

    var name: String
    var interval: Double
    var limit: Int
    var origin: String
    var file: String?
    var lastEvaluation: Date?
    var evaluationTime: Double
    var rules: [RuleResponse]

    init(_ loaded: RuleRegistry.LoadedGroup, alerts: [String: [UInt64: RuleAlert]]) {
        name = loaded.group.name
        interval = loaded.group.interval
        limit = loaded.group.limit
        switch loaded.origin {
        case .builtIn: origin = "built-in"
        case .api: origin = "api"
        case .file(let path):
            origin = "file"
            file = path
        }
        lastEvaluation = loaded.lastEvaluation
        evaluationTime = loaded.lastDuration
        rules = loaded.group.rules.map { rule in
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
    }
}
