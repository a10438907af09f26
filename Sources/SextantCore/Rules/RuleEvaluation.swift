import Foundation

/// The evaluation of an alerting rule, with Prometheus' exact state semantics.
public enum RuleEvaluation {
    /// How long a resolved alert is kept (and re-sent) after it resolved, as Prometheus.
    public static let resolvedRetention: TimeInterval = 15 * 60

    /// The label set and annotations of the alert a sample raises: the sample's labels (less
    /// `__name__`), the rule's labels over them, and `alertname`; templates see `$labels`
    /// (the sample's) and `$value`.
    public static func alert(for sample: RuleSample, of rule: AlertingRule, externalLabels: LabelSet = [:]) -> (labels: LabelSet, annotations: [String: String]) {
        alert(for: sample, of: rule, templates: RuleTemplates(of: rule), externalLabels: externalLabels)
    }

    static func alert(
        for sample: RuleSample, of rule: AlertingRule, templates: RuleTemplates, externalLabels: LabelSet
    ) -> (labels: LabelSet, annotations: [String: String]) {
        var base = sample.labels
        base["__name__"] = nil
        let variables: [String: TemplateValue] = [
            "labels": .strings(base), "value": .number(sample.value), "externalLabels": .strings(externalLabels),
        ]
        let dot: TemplateValue = .map(["Labels": .strings(base), "Value": .number(sample.value), "ExternalLabels": .strings(externalLabels)])
        // A template that fails, or renders more than a value may hold, yields an error text on
        // that alert: evaluation goes on.
        func expand(_ template: Result<Template, any Error>, limit: Int) -> String {
            do {
                let output = try template.get().render(dot: dot, variables: variables)
                return output.fits(limit) ? output : "<error expanding template: the output is longer than \(limit) bytes>"
            } catch {
                return "<error expanding template: \(error)>"
            }
        }
        var labels = base
        for (name, template) in templates.labels { labels[name] = expand(template, limit: Limits.labelValueBytes) }
        labels["alertname"] = rule.name
        return (labels.filter { !$0.value.isEmpty }, templates.annotations.mapValues { expand($0, limit: Limits.annotationValueBytes) })
    }

    /// One evaluation of `rule` at `now` over the expression's result `samples`: each sample's
    /// alert is moved on by its ``AlertStateMachine`` (new alerts become pending, pending ones
    /// fire after `for`, firing ones whose samples are gone resolve after `keep_firing_for`);
    /// pending alerts whose samples are gone vanish, and resolved ones are kept for
    /// ``resolvedRetention``.
    public static func evaluate(
        _ rule: AlertingRule, samples: [RuleSample], previous: [UInt64: RuleAlert], at now: Date, externalLabels: LabelSet = [:]
    ) -> [UInt64: RuleAlert] {
        var alerts = previous
        var present: Set<UInt64> = []
        let templates = RuleTemplates(of: rule)
        for sample in samples {
            let (labels, annotations) = alert(for: sample, of: rule, templates: templates, externalLabels: externalLabels)
            let fingerprint = labels.fingerprint
            present.insert(fingerprint)
            // A resolved alert that becomes active again starts a new life.
            var alert = alerts[fingerprint].flatMap { $0.phase == .inactive ? nil : $0 }
                ?? RuleAlert(labels: labels, annotations: annotations, value: sample.value)
            alert.value = sample.value
            alert.annotations = annotations
            alert.evaluate(isActive: true, at: now, pendingFor: rule.holdDuration, keepFiringFor: rule.keepFiringFor)
            alerts[fingerprint] = alert
        }
        for (fingerprint, var alert) in alerts where !present.contains(fingerprint) {
            switch alert.phase {
            case .pending:
                alerts[fingerprint] = nil
            case .inactive:
                if let resolvedAt = alert.resolvedAt, now.timeIntervalSince(resolvedAt) > resolvedRetention { alerts[fingerprint] = nil }
            case .firing:
                alert.evaluate(isActive: false, at: now, pendingFor: rule.holdDuration, keepFiringFor: rule.keepFiringFor)
                alerts[fingerprint] = alert
            }
        }
        return alerts
    }
}
