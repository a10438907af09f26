import SextantCore

/// The objectives' figures in the Prometheus text format, from the evaluator's latest cycle:
/// gauges per objective, and Sloth's `slo:sli_error:ratio_rate<window>` series.
enum SLOMetrics {
    static func exposition(
        _ snapshot: [(slo: ServiceLevelObjective, status: SLOStatus, recentLatency: LatencyHistogram?, violations: Int)]
    ) -> String {
        guard !snapshot.isEmpty else { return "" }
        var families: [(name: String, type: String, help: String, lines: [String])] = [
            ("availability_percentage", "gauge", "Good events over the objective's window, in percent.", []),
            ("error_rate_percentage", "gauge", "Bad events over the last 5 minutes, in percent.", []),
            ("latency_p95_seconds", "gauge", "Estimated 95th percentile latency over the last 5 minutes (rollup indicators).", []),
            ("error_budget_remaining_percent", "gauge", "Error budget left over the objective's window, in percent.", []),
            ("sla_violations_total", "counter", "Times the objective became breached since the server started.", []),
            ("slo:sli_error:ratio_rate", "gauge", "Error ratio over the window named by sloth_window.", []),
        ]
        for (slo, status, latency, violations) in snapshot {
            let labels = "service=\(slo.service.prometheusQuoted),slo=\(slo.name.prometheusQuoted),sloth_id=\(slo.id.prometheusQuoted),"
                + "sloth_service=\(slo.service.prometheusQuoted),sloth_slo=\(slo.name.prometheusQuoted)"
            if let sli = status.sli { families[0].lines.append("availability_percentage{\(labels)} \(sli * 100)") }
            if let ratio = status.burns.first(where: { $0.window == .fiveMinutes })?.events.errorRatio {
                families[1].lines.append("error_rate_percentage{\(labels)} \(ratio * 100)")
            }
            if let p95 = latency?.quantile(0.95) { families[2].lines.append("latency_p95_seconds{\(labels)} \(p95)") }
            families[3].lines.append("error_budget_remaining_percent{\(labels)} \(status.budget.remainingRatio * 100)")
            families[4].lines.append("sla_violations_total{\(labels)} \(violations)")
            var ratios = status.burns.map { ($0.window.label, $0.events.errorRatio) }
            ratios.append((slo.window.metricSuffix, status.events.errorRatio))
            for (window, ratio) in ratios {
                guard let ratio else { continue }
                families[5].lines.append("slo:sli_error:ratio_rate\(window){\(labels),sloth_window=\(window.prometheusQuoted)} \(ratio)")
            }
        }
        var text = ""
        for family in families where !family.lines.isEmpty {
            if family.name == "slo:sli_error:ratio_rate" {
                // One family per window, as Sloth's recording rules name them.
                var byName: [String: [String]] = [:]
                for line in family.lines { byName[String(line.prefix { $0 != "{" }), default: []].append(line) }
                for name in byName.keys.sorted() {
                    text += "# HELP \(name) \(family.help)\n# TYPE \(name) gauge\n" + byName[name]!.joined(separator: "\n") + "\n"
                }
                continue
            }
            text += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) \(family.type)\n" + family.lines.joined(separator: "\n") + "\n"
        }
        return text
    }
}
