import Foundation
import Testing
import SextantCore

/// A rule group's evaluations in promtool's style: each rule's result at each evaluation in;
/// phases, health and what the router hears out.
@Suite("Rule group evaluation")
struct RuleGroupEvaluationTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    struct Unreadable: Error, CustomStringConvertible {
        var description: String { "the store did not answer" }
    }

    static let group = RuleGroup(name: "api", interval: 60, limit: 2, rules: [
        AlertingRule(name: "Errors", expression: try! RuleExpression.parse("error_ratio() > 0.05"), holdDuration: 60,
                     labels: ["severity": "page"], annotations: [:]),
        AlertingRule(name: "Slow", expression: try! RuleExpression.parse("latency_quantile() > 0.5"), holdDuration: 0,
                     labels: [:], annotations: [:]),
    ])

    static func samples(_ services: [String]) -> Result<[RuleSample], any Error> {
        .success(services.map { RuleSample(labels: ["service": $0], value: 1) })
    }

    @Test func eachRuleIsDecidedAloneAndTheRouterHearsFiringAndResolvedAlerts() {
        // (minute, Errors' result, Slow's result, expected: Errors' phases, Slow's phases, health, alerts sent)
        let timeline: [(Double, Result<[RuleSample], any Error>, Result<[RuleSample], any Error>, [String], [String], String, [String])] = [
            (0, Self.samples(["api"]), Self.samples(["api"]), ["pending"], ["firing"], "ok ok", ["Slow api firing"]),
            (1, Self.samples(["api"]), .failure(Unreadable()), ["firing"], ["firing"], "ok err", ["Errors api firing"]),
            (2, Self.samples(["api"]), Self.samples(["api", "web", "db"]), ["firing"], [], "ok err", []),
            (3, .failure(Unreadable()), Self.samples([]), ["firing"], [], "err ok", []),
            (4, Self.samples([]), Self.samples(["web"]), ["inactive"], ["firing"], "ok ok", ["Errors api resolved", "Slow web firing"]),
            (5, Self.samples([]), Self.samples(["web"]), ["inactive"], ["firing"], "ok ok", []),
            (7, Self.samples([]), Self.samples(["web"]), ["inactive"], ["firing"], "ok ok", ["Slow web firing"]),
        ]
        var previous: [String: [UInt64: RuleAlert]] = [:]
        for (minute, errors, slow, errorPhases, slowPhases, health, sent) in timeline {
            let now = Self.start.addingTimeInterval(minute * 60)
            let evaluation = RuleGroupEvaluation.evaluate(Self.group, results: [errors, slow], previous: previous, at: now, generatorURL: "http://sextant")
            func phases(_ rule: String) -> [String] {
                (evaluation.alerts[rule] ?? [:]).values.sorted { $0.labels["service"] ?? "" < $1.labels["service"] ?? "" }.map(\.phase.rawValue)
            }
            #expect(phases("Errors") == errorPhases, "Errors at \(minute) min")
            #expect(phases("Slow") == slowPhases, "Slow at \(minute) min")
            #expect([evaluation.health["Errors"]?.health, evaluation.health["Slow"]?.health].compactMap { $0 }.joined(separator: " ") == health,
                    "health at \(minute) min")
            #expect(evaluation.sends.map { "\($0.name) \($0.labels["service"] ?? "") \($0.isResolved(at: now) ? "resolved" : "firing")" } == sent,
                    "sent at \(minute) min")
            previous = evaluation.alerts
        }
    }

    @Test func failuresAndTheLimitAreReportedOnTheRule() {
        let over = RuleGroupEvaluation.evaluate(Self.group, results: [Self.samples([]), Self.samples(["a", "b", "c"])], previous: [:],
                                                at: Self.start, generatorURL: "http://sextant")
        #expect(over.health["Slow"] == .failed("exceeded limit of 2 with 3 alerts"))
        #expect(over.alerts["Slow"]?.isEmpty == true && over.sends.isEmpty)
        let unread = RuleGroupEvaluation.evaluate(Self.group, results: [.failure(Unreadable()), Self.samples([])], previous: [:],
                                                  at: Self.start, generatorURL: "http://sextant")
        #expect(unread.health["Errors"] == .failed("the store did not answer") && unread.health["Slow"] == .ok)
        // Sent alerts carry where they came from and, while firing, an end four resend delays ahead.
        let firing = RuleGroupEvaluation.evaluate(Self.group, results: [Self.samples([]), Self.samples(["a"])], previous: [:],
                                                  at: Self.start, generatorURL: "http://sextant/rules")
        #expect(firing.sends.first?.generatorURL == "http://sextant/rules")
        #expect(firing.sends.first?.endsAt == Self.start.addingTimeInterval(240))
    }
}
