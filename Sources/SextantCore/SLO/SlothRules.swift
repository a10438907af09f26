import Foundation

/// Prometheus recording and alerting rules for objectives, with Sloth's rule names and labels,
/// so dashboards and alerts built for Sloth keep working.
///
/// Unlike Sloth, the ratio over the whole window is computed from the raw event counts over
/// that window, never as an average of 5-minute ratios.
public enum SlothRules {
    /// Why an objective cannot be written as rules.
    public struct Unsupported: Error, Equatable, CustomStringConvertible {
        public var sloID: String
        public var reason: String
        public var description: String { "\(sloID): \(reason)" }
    }

    /// The queries of an objective's error ratio, by range.
    static func ratio(of slo: ServiceLevelObjective, metricPrefix: String) throws -> PrometheusRatio {
        guard case .rolling = slo.window else {
            throw Unsupported(sloID: slo.id, reason: "calendar windows cannot be written as Prometheus rules; use a rolling window")
        }
        guard case .occurrences = slo.budgeting else {
            throw Unsupported(sloID: slo.id, reason: "timeslice budgeting cannot be written as Prometheus rules")
        }
        switch slo.indicator {
        case .prometheus(let ratio):
            return ratio
        case .availability(.edge(let server), _):
            let selector = "{client=\(slo.service.prometheusQuoted), server=\(server.prometheusQuoted)}"
            return PrometheusRatio(
                bad: "sum(rate(\(metricPrefix)traces_service_graph_request_failed_total\(selector)[{{.window}}]))",
                total: "sum(rate(\(metricPrefix)traces_service_graph_request_total\(selector)[{{.window}}]))"
            )
        case .latency(.edge(let server), let threshold) where LatencyHistogram.bounds.contains(threshold):
            let selector = "client=\(slo.service.prometheusQuoted), server=\(server.prometheusQuoted)"
            let histogram = "\(metricPrefix)traces_service_graph_request_server_seconds"
            return PrometheusRatio(
                good: "sum(rate(\(histogram)_bucket{\(selector), le=\(Self.number(threshold).prometheusQuoted)}[{{.window}}]))",
                total: "sum(rate(\(histogram)_count{\(selector)}[{{.window}}]))"
            )
        default:
            throw Unsupported(
                sloID: slo.id,
                reason: "this indicator reads Sextant's operation rollups, which Prometheus does not have; "
                    + "scrape Sextant's slo:sli_error:ratio_rate* series or use a prometheus or edge indicator"
            )
        }
    }

    /// The rules of every objective as one Prometheus rule file.
    public static func file(for slos: [ServiceLevelObjective], metricPrefix: String = "") throws -> String {
        var text = "groups:\n"
        for slo in slos {
            text += try groups(for: slo, metricPrefix: metricPrefix)
        }
        return text
    }

    /// The three groups of one objective: SLI recordings, meta recordings, alerts.
    static func groups(for slo: ServiceLevelObjective, metricPrefix: String) throws -> String {
        let ratio = try ratio(of: slo, metricPrefix: metricPrefix)
        let days = Int(slo.window.days(at: Date(timeIntervalSince1970: 0)))
        let period = "\(days)d"
        let identity = [("sloth_id", slo.id), ("sloth_service", slo.service), ("sloth_slo", slo.name)]
        let userLabels = slo.labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let selector = "{" + identity.map { "\($0.0)=\($0.1.prometheusQuoted)" }.joined(separator: ", ") + "}"
        let budget = Self.number(slo.errorBudgetRatio)

        var text = "  - name: sloth-slo-sli-recordings-\(slo.id)\n    rules:\n"
        for window in BurnWindow.allCases.map(\.label) + (BurnWindow.allCases.contains { $0.label == period } ? [] : [period]) {
            text += rule(record: "slo:sli_error:ratio_rate\(window)", expr: ratio.errorRatioQuery(window: window),
                         labels: userLabels + identity + [("sloth_window", window)])
        }

        text += "  - name: sloth-slo-meta-recordings-\(slo.id)\n    rules:\n"
        text += rule(record: "slo:objective:ratio", expr: "vector(\(Self.number(slo.target)))", labels: userLabels + identity)
        text += rule(record: "slo:error_budget:ratio", expr: "vector(1-\(Self.number(slo.target)))", labels: userLabels + identity)
        text += rule(record: "slo:time_period:days", expr: "vector(\(days))", labels: userLabels + identity)
        text += rule(record: "slo:current_burn_rate:ratio", expr: """
            slo:sli_error:ratio_rate5m\(selector)
            / on(sloth_id, sloth_slo, sloth_service) group_left
            slo:error_budget:ratio\(selector)
            """, labels: userLabels + identity)
        text += rule(record: "slo:period_burn_rate:ratio", expr: """
            slo:sli_error:ratio_rate\(period)\(selector)
            / on(sloth_id, sloth_slo, sloth_service) group_left
            slo:error_budget:ratio\(selector)
            """, labels: userLabels + identity)
        text += rule(record: "slo:period_error_budget_remaining:ratio", expr: "1 - slo:period_burn_rate:ratio\(selector)",
                     labels: userLabels + identity)
        text += rule(record: "sloth_slo_info", expr: "vector(1)", labels: userLabels + identity + [
            ("sloth_mode", "sextant"), ("sloth_objective", Self.number(slo.objective)),
        ])

        text += "  - name: sloth-slo-alerts-\(slo.id)\n    rules:\n"
        for severity in [SLOAlertCondition.Severity.page, .ticket] {
            let pairs = SLOAlertCondition.conditions(for: slo.alerting, windowDays: Double(days)).compactMap { condition in
                if case .burnRate(let long, let short, let factor) = condition.check, condition.severity == severity {
                    return (long, short, factor)
                }
                return nil
            }
            guard !pairs.isEmpty else { continue }
            let expr = pairs.map { long, short, factor in
                let threshold = "(\(Self.number(factor)) * \(budget))"
                return """
                (
                    max(slo:sli_error:ratio_rate\(short.label)\(selector) > \(threshold)) without (sloth_window)
                    and
                    max(slo:sli_error:ratio_rate\(long.label)\(selector) > \(threshold)) without (sloth_window)
                )
                """
            }.joined(separator: "\nor\n")
            let title = severity == .page ? "Error budget burn rate is too high" : "Error budget burn rate is high"
            text += rule(
                alert: severity == .page ? "SLOErrorBudgetBurnPage" : "SLOErrorBudgetBurnTicket", expr: expr,
                forSeconds: slo.alerting.pendingForSeconds,
                labels: userLabels + [("sloth_severity", severity.rawValue)] + identity,
                annotations: [
                    ("summary", "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected."),
                    ("title", "(\(severity.rawValue)) {{$labels.sloth_service}} {{$labels.sloth_slo}} \(title)."),
                ]
            )
        }
        return text
    }

    private static func rule(record: String, expr: String, labels: [(String, String)]) -> String {
        "      - record: \(record)\n" + block("expr", expr) + labelBlock("labels", labels)
    }

    private static func rule(
        alert: String, expr: String, forSeconds: Double, labels: [(String, String)], annotations: [(String, String)]
    ) -> String {
        var text = "      - alert: \(alert)\n" + block("expr", expr)
        if forSeconds > 0 { text += "        for: \(DurationText.format(seconds: forSeconds))\n" }
        return text + labelBlock("labels", labels) + labelBlock("annotations", annotations)
    }

    private static func block(_ key: String, _ value: String) -> String {
        "        \(key): |\n" + value.split(separator: "\n", omittingEmptySubsequences: false).map { "          \($0)\n" }.joined()
    }

    private static func labelBlock(_ key: String, _ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        return "        \(key):\n" + pairs.map { "          \($0.0): \($0.1.prometheusQuoted)\n" }.joined()
    }

    /// A number as short as it can be written without losing precision (for messages).
    public static func format(_ value: Double) -> String { number(value) }

    /// A number as short as it can be written without losing precision (`0.001`, not `0.0010000000000000009`).
    static func number(_ value: Double) -> String {
        for digits in 1...17 {
            let text = String(format: "%.\(digits)g", value)
            if let parsed = Double(text), abs(parsed - value) <= abs(value) * 1e-12 { return text }
        }
        return "\(value)"
    }
}
