import Foundation
import Testing
import SextantCore

/// Rule states in promtool's style: a series of values at each evaluation in, the alerts
/// and their states at chosen times out.
@Suite("Rule evaluation")
struct RuleEvaluationTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Evaluates `rule` every `interval` seconds over `values` (one per evaluation; `nil` is
    /// "no sample"), returning the alert of `labels` after each evaluation.
    static func run(_ rule: AlertingRule, values: [Double?], interval: TimeInterval = 60, labels: LabelSet = ["service": "api-service"]) -> [RuleAlert?] {
        var active: [UInt64: RuleAlert] = [:]
        var timeline: [RuleAlert?] = []
        for (step, value) in values.enumerated() {
            let now = start.addingTimeInterval(Double(step) * interval)
            let query = try! RuleExpression.parse("error_ratio() > 0.05")
            guard case .sextant(let series) = query else { fatalError() }
            let samples = value.map { [RuleSample(labels: labels, value: $0)] }?.filter { series.comparison!.holds(for: $0.value) } ?? []
            active = RuleEvaluation.evaluate(rule, samples: samples, previous: active, at: now)
            timeline.append(active.values.first { $0.labels["service"] == labels["service"] })
        }
        return timeline
    }

    static func phases(_ timeline: [RuleAlert?]) -> [String] {
        timeline.map { $0?.phase.rawValue ?? "-" }
    }

    static let highErrorRate = AlertingRule(
        name: "HighErrorRate", expression: try! RuleExpression.parse(#"error_ratio(window="5m") > 0.05"#), holdDuration: 120,
        labels: ["severity": "critical"], annotations: ["summary": "{{ $labels.service }} fails {{ $value | humanizePercentage }}"]
    )

    @Test func pendingThenFiringAfterForThenResolved() {
        let timeline = Self.run(Self.highErrorRate, values: [0.01, 0.2, 0.2, 0.2, 0.2, 0.01, 0.01])
        #expect(Self.phases(timeline) == ["-", "pending", "pending", "firing", "firing", "inactive", "inactive"])
        let firing = timeline[3]!
        #expect(firing.activeAt == Self.start.addingTimeInterval(60))
        #expect(firing.firedAt == Self.start.addingTimeInterval(180))
        #expect(timeline[5]!.resolvedAt == Self.start.addingTimeInterval(300))
        #expect(firing.labels == ["alertname": "HighErrorRate", "service": "api-service", "severity": "critical"])
        #expect(firing.annotations["summary"] == "api-service fails 20%")
    }

    @Test func eachSampleRendersTheTemplatesWithItsOwnLabelsAndValueAndABrokenOneOnEvery() {
        var rule = Self.highErrorRate
        rule.holdDuration = 0
        rule.labels["team"] = "{{ $labels.service }}-owners"
        rule.annotations["runbook"] = "{{ if }}"
        let samples = [RuleSample(labels: ["service": "api"], value: 0.25), RuleSample(labels: ["service": "web"], value: 0.5)]
        let alerts = RuleEvaluation.evaluate(rule, samples: samples, previous: [:], at: Self.start).values.sorted { $0.value < $1.value }
        #expect(alerts.map { $0.labels["team"] } == ["api-owners", "web-owners"])
        #expect(alerts.map { $0.annotations["summary"] } == ["api fails 25%", "web fails 50%"])
        #expect(alerts.allSatisfy { $0.annotations["runbook"]?.hasPrefix("<error expanding template: ") == true })
    }

    @Test func aPendingAlertThatStopsHoldingVanishesWithoutResolving() {
        let timeline = Self.run(Self.highErrorRate, values: [0.2, 0.2, 0.01, 0.2])
        #expect(Self.phases(timeline) == ["pending", "pending", "-", "pending"])
        #expect(timeline[3]!.activeAt == Self.start.addingTimeInterval(180))
    }

    @Test func withoutForItFiresAtTheFirstEvaluation() {
        var rule = Self.highErrorRate
        rule.holdDuration = 0
        #expect(Self.phases(Self.run(rule, values: [0.2, nil])) == ["firing", "inactive"])
    }

    @Test func keepFiringForHoldsAFiringAlertAndResetsWhenItReturns() {
        var rule = Self.highErrorRate
        rule.holdDuration = 0
        rule.keepFiringFor = 120
        // Gone at 1 and 2 min (kept), back at 3, gone from 4: kept at 4 and 5, resolved at 6.
        let timeline = Self.run(rule, values: [0.2, 0.01, 0.01, 0.2, 0.01, 0.01, 0.01])
        #expect(Self.phases(timeline) == ["firing", "firing", "firing", "firing", "firing", "firing", "inactive"])
        #expect(timeline[4]!.keepFiringSince == Self.start.addingTimeInterval(240))
        #expect(timeline[3]!.keepFiringSince == nil)
        #expect(timeline[6]!.resolvedAt == Self.start.addingTimeInterval(360))
        #expect(timeline[6]!.firedAt == Self.start)
    }

    @Test func aResolvedAlertThatReturnsStartsOverAsPending() {
        let timeline = Self.run(Self.highErrorRate, values: [0.2, 0.2, 0.2, 0.01, 0.2, 0.2, 0.2])
        #expect(Self.phases(timeline) == ["pending", "pending", "firing", "inactive", "pending", "pending", "firing"])
        #expect(timeline[6]!.activeAt == Self.start.addingTimeInterval(240))
        #expect(timeline[6]!.resolvedAt == nil)
    }

    @Test func resolvedAlertsAreForgottenAfterFifteenMinutes() {
        var rule = Self.highErrorRate
        rule.holdDuration = 0
        let timeline = Self.run(rule, values: [0.2] + Array(repeating: nil, count: 17))
        #expect(timeline[16]?.phase == .inactive)
        #expect(timeline[17] == nil)
    }

    @Test func sendingFollowsPrometheusResendRules() {
        let now = Self.start
        var alert = RuleAlert(labels: ["alertname": "X"], annotations: [:], value: 1, phase: .pending, activeAt: now)
        #expect(!alert.needsSending(at: now, resendDelay: 60))
        alert.evaluate(isActive: true, at: now, pendingFor: 0)
        #expect(alert.needsSending(at: now, resendDelay: 60))
        alert.lastSentAt = now
        #expect(!alert.needsSending(at: now.addingTimeInterval(60), resendDelay: 60))
        #expect(alert.needsSending(at: now.addingTimeInterval(61), resendDelay: 60))
        alert.evaluate(isActive: false, at: now.addingTimeInterval(30), pendingFor: 0)
        #expect(alert.needsSending(at: now.addingTimeInterval(30), resendDelay: 60))
        let routed = alert.routed(at: now.addingTimeInterval(30), validFor: 240, generatorURL: "")
        #expect(routed.endsAt == now.addingTimeInterval(30) && routed.startsAt == now)
    }

    @Test(arguments: [
        (#"error_ratio(service="api-service", window="5m") > 0.05"#, #"error_ratio(service="api-service", window="5m") > 0.05"#),
        ("up == 0", "up() == 0"),
        (#"latency_quantile(quantile="0.99", window="10m")>=1.5"#, #"latency_quantile(quantile="0.99", window="10m") >= 1.5"#),
        (#"slo_error_budget_remaining() < 0.5"#, "slo_error_budget_remaining() < 0.5"),
    ])
    func sextantExpressionsParse(text: String, normalized: String) throws {
        #expect(try RuleExpression.parse(text).text == normalized)
    }

    @Test func promQLIsPassedThrough() throws {
        #expect(try RuleExpression.parse("sum(rate(http_requests_total[5m])) > 3") == .promQL("sum(rate(http_requests_total[5m])) > 3"))
    }

    @Test(arguments: [
        #"error_ratio(servce="a") > 1"#, #"error_ratio(service=a) > 1"#, #"error_ratio(window="10s") > 1"#,
        #"latency_quantile(quantile="2") > 1"#, #"error_ratio() >> 1"#, #"error_ratio() > lots"#, #"up(component="a""#,
    ])
    func badSextantExpressionsAreRejected(text: String) {
        #expect(throws: ValidationError.self) { try RuleExpression.parse(text) }
    }

    @Test func ruleFilesFollowPrometheusLayoutAndRefuseWhatTheyCannotDo() throws {
        let decoder = JSONDecoder()
        let file = try decoder.decode(RuleFile.self, from: Data(#"""
            {"groups":[{"name":"g","interval":"30s","rules":[{"alert":"A","expr":"up == 0","for":"1m","keep_firing_for":"2m",
              "labels":{"severity":"critical"},"annotations":{"summary":"{{ $labels.component }} is down"}}]}]}
            """#.utf8))
        #expect(file.groups[0].interval == 30 && file.groups[0].rules[0].holdDuration == 60 && file.groups[0].rules[0].keepFiringFor == 120)
        let record = #"{"groups":[{"name":"g","rules":[{"record":"x","expr":"up"}]}]}"#
        #expect { try decoder.decode(RuleFile.self, from: Data(record.utf8)) } throws: { ($0 as? ValidationError)?.code == "unsupported_rule" }
        let typo = #"{"groups":[{"name":"g","rules":[{"alert":"A","expr":"up == 0","fro":"1m"}]}]}"#
        #expect { try decoder.decode(RuleFile.self, from: Data(typo.utf8)) } throws: { ($0 as? ValidationError)?.field == "groups[0].rules[0].fro" }
        let twice = #"{"groups":[{"name":"g","rules":[]},{"name":"g","rules":[]}]}"#
        #expect(throws: ValidationError.self) { try decoder.decode(RuleFile.self, from: Data(twice.utf8)) }
        let template = #"{"groups":[{"name":"g","rules":[{"alert":"A","expr":"up == 0","annotations":{"s":"{{ if }}"}}]}]}"#
        #expect { try decoder.decode(RuleFile.self, from: Data(template.utf8)) } throws: { ($0 as? ValidationError)?.field == "groups[0].rules[0].annotations.s" }
    }
}

@Suite("Rule expressions by language")
struct RuleExpressionLanguageTests {
    @Test(arguments: [
        ("error_ratio(service=\"api\") > 0.05", "sextant"),
        ("sum by (service) (count_over_time({service=\"api\"} |= \"error\" [5m])) > 10", "logql"),
        ("rate({job=\"a\"} | json | status=\"500\" [1m])", "logql"),
        ("rate(http_requests_total{job=\"a\"}[5m]) > 1", "promql"),
        ("node_load1 > 4", "promql"),
        ("vector(1)", "promql"),
    ])
    func anExpressionIsReadInTheLanguageItIsWrittenIn(_ text: String, _ language: String) throws {
        switch try RuleExpression.parse(text) {
        case .sextant: #expect(language == "sextant")
        case .logQL(_, let kept): #expect(language == "logql" && kept == text)
        case .promQL: #expect(language == "promql")
        }
    }
}
