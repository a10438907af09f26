import Foundation

/// One evaluation of a rule group, as Prometheus' rule manager does it: each rule's alerts from
/// its expression's result, the group's limit, each rule's health, and the alerts the router
/// must hear about (firing ones at least every resend delay, resolutions at once).
public struct RuleGroupEvaluation: Sendable {
    /// A rule's health after the evaluation: `ok`, or `err` with the error.
    public struct Health: Sendable, Equatable {
        public var health: String
        public var lastError: String?

        public static let ok = Health(health: "ok", lastError: nil)
        public static func failed(_ error: String) -> Health { Health(health: "err", lastError: error) }
    }

    /// Prometheus' default resend delay: a firing alert is re-sent to the router at least
    /// this often.
    public static let resendDelay: TimeInterval = 60

    /// Each rule's alerts, by rule name, as kept until the next evaluation.
    public var alerts: [String: [UInt64: RuleAlert]] = [:]
    public var health: [String: Health] = [:]
    /// The alerts to hand to the router, in rule order.
    public var sends: [Alert] = []

    /// Evaluates `group` at `now` from each rule's expression result (`results`, in rule order:
    /// the samples, or the error that kept them from being read) and the alerts of the previous
    /// evaluation. A rule that fails keeps its previous alerts; one over the group's limit
    /// loses them, as in Prometheus.
    public static func evaluate(
        _ group: RuleGroup, results: [Result<[RuleSample], any Error>], previous: [String: [UInt64: RuleAlert]], at now: Date,
        generatorURL: String, resendDelay: TimeInterval = RuleGroupEvaluation.resendDelay
    ) -> RuleGroupEvaluation {
        var evaluation = RuleGroupEvaluation()
        for (rule, result) in zip(group.rules, results) {
            let before = previous[rule.name] ?? [:]
            let samples: [RuleSample]
            switch result {
            case .success(let read): samples = read
            case .failure(let error):
                evaluation.alerts[rule.name] = before
                evaluation.health[rule.name] = .failed("\(error)")
                continue
            }
            var next = RuleEvaluation.evaluate(rule, samples: samples, previous: before, at: now)
            let active = next.values.filter { $0.phase != .inactive }.count
            if group.limit > 0 && active > group.limit {
                evaluation.alerts[rule.name] = [:]
                evaluation.health[rule.name] = .failed("exceeded limit of \(group.limit) with \(active) alerts")
                continue
            }
            // Sent in a stable order: a batch is stored and routed as one.
            for fingerprint in next.keys.sorted() {
                guard var alert = next[fingerprint], alert.needsSending(at: now, resendDelay: resendDelay) else { continue }
                alert.lastSentAt = now
                next[fingerprint] = alert
                evaluation.sends.append(alert.routed(at: now, validFor: 4 * max(resendDelay, group.interval), generatorURL: generatorURL))
            }
            evaluation.alerts[rule.name] = next
            evaluation.health[rule.name] = .ok
        }
        return evaluation
    }
}
