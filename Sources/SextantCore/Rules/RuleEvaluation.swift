import Foundation

/// The evaluation of an alerting rule, with Prometheus' exact state semantics.
public enum RuleEvaluation {
    /// How long a resolved alert is kept (and re-sent) after it resolved, as Prometheus.
    public static let resolvedRetention: TimeInterval = 15 * 60

    /// The label set and annotations of the alert a sample raises: the sample's labels (less
    /// `__name__`), the rule's labels over them, and `alertname`; templates see `$labels`
    /// (the sample's) and `$value`.
    public static func alert(for sample: RuleSample, of rule: AlertingRule, externalLabels: LabelSet = [:]) -> (labels: LabelSet, annotations: [String: String]) {
        var base = sample.labels
        base["__name__"] = nil
        let variables: [String: TemplateValue] = [
            "labels": .strings(base), "value": .number(sample.value), "externalLabels": .strings(externalLabels),
        ]
        let dot: TemplateValue = .map(["Labels": .strings(base), "Value": .number(sample.value), "ExternalLabels": .strings(externalLabels)])
        // A template that fails, or renders more than a value may hold, yields an error text on
        // that alert: evaluation goes on.
        func expand(_ text: String, limit: Int) -> String {
            do {
                let output = try Template(text).render(dot: dot, variables: variables)
                return output.fits(limit) ? output : "<error expanding template: the output is longer than \(limit) bytes>"
            } catch {
                return "<error expanding template: \(error)>"
            }
        }
        var labels = base
        for (name, value) in rule.labels { labels[name] = expand(value, limit: Limits.labelValueBytes) }
        labels["alertname"] = rule.name
        return (labels.filter { !$0.value.isEmpty }, rule.annotations.mapValues { expand($0, limit: Limits.annotationValueBytes) })
    }

    /// One evaluation of `rule` at `now` over the expression's result `samples`: new alerts
    /// become pending, pending ones fire after `for`, alerts whose samples are gone resolve
    /// (after `keep_firing_for`), and pending ones simply vanish.
    public static func evaluate(
        _ rule: AlertingRule, samples: [RuleSample], previous: [UInt64: RuleAlert], at now: Date, externalLabels: LabelSet = [:]
    ) -> [UInt64: RuleAlert] {
        var active = previous
        var present: Set<UInt64> = []
        for sample in samples {
            let (labels, annotations) = alert(for: sample, of: rule, externalLabels: externalLabels)
            let fingerprint = labels.fingerprint
            present.insert(fingerprint)
            if var existing = active[fingerprint], existing.phase != .inactive {
                existing.value = sample.value
                existing.annotations = annotations
                active[fingerprint] = existing
            } else {
                active[fingerprint] = RuleAlert(labels: labels, annotations: annotations, value: sample.value, phase: .pending, activeAt: now)
            }
        }
        for (fingerprint, var alert) in active {
            if present.contains(fingerprint) {
                alert.keepFiringSince = nil
            } else {
                var keepFiring = false
                if alert.phase == .firing && rule.keepFiringFor > 0 {
                    let since = alert.keepFiringSince ?? now
                    alert.keepFiringSince = since
                    keepFiring = now.timeIntervalSince(since) < rule.keepFiringFor
                }
                if alert.phase == .pending || (alert.resolvedAt.map { now.timeIntervalSince($0) > resolvedRetention } ?? false && alert.phase == .inactive) {
                    active[fingerprint] = nil
                    continue
                }
                if !keepFiring {
                    if alert.phase != .inactive {
                        alert.phase = .inactive
                        alert.resolvedAt = now
                        alert.keepFiringSince = nil
                    }
                    active[fingerprint] = alert
                    continue
                }
            }
            if alert.phase == .pending && now.timeIntervalSince(alert.activeAt) >= rule.holdDuration {
                alert.phase = .firing
                alert.firedAt = now
            }
            active[fingerprint] = alert
        }
        return active
    }
}
