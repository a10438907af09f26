import Foundation

/// One sample of an expression's result: a label set and its value.
public struct RuleSample: Sendable, Equatable {
    public var labels: LabelSet
    public var value: Double

    public init(labels: LabelSet, value: Double) {
        self.labels = labels
        self.value = value
    }
}

/// An alert of a rule, as Prometheus keeps it between evaluations.
public struct RuleAlert: Sendable, Equatable, Codable {
    public typealias Phase = AlertStateMachine.Phase

    public var labels: LabelSet
    public var annotations: [String: String]
    public var value: Double
    public var phase: Phase
    /// When the expression started to hold.
    public var activeAt: Date
    public var firedAt: Date?
    public var resolvedAt: Date?
    /// When the expression stopped holding while `keep_firing_for` keeps the alert firing.
    public var keepFiringSince: Date?
    /// When the alert was last handed to the router.
    public var lastSentAt: Date?

    public init(labels: LabelSet, annotations: [String: String], value: Double, phase: Phase, activeAt: Date,
                firedAt: Date? = nil, resolvedAt: Date? = nil, keepFiringSince: Date? = nil, lastSentAt: Date? = nil) {
        self.labels = labels
        self.annotations = annotations
        self.value = value
        self.phase = phase
        self.activeAt = activeAt
        self.firedAt = firedAt
        self.resolvedAt = resolvedAt
        self.keepFiringSince = keepFiringSince
        self.lastSentAt = lastSentAt
    }

    /// Whether the router must hear about the alert at `now`: a firing alert at least every
    /// `resendDelay`, a resolution at once. Pending alerts are never sent.
    public func needsSending(at now: Date, resendDelay: TimeInterval) -> Bool {
        if phase == .pending { return false }
        if let resolvedAt, resolvedAt > (lastSentAt ?? .distantPast) { return true }
        if phase == .inactive { return false }
        guard let lastSentAt else { return true }
        return lastSentAt.addingTimeInterval(resendDelay) < now
    }

    /// The alert as sent to the router: starting when it fired, ending when it resolved, or,
    /// while firing, four resend periods from now so that it times out if evaluation stops.
    public func routed(at now: Date, validFor: TimeInterval, generatorURL: String) -> Alert {
        Alert(labels: labels, annotations: annotations, startsAt: firedAt ?? activeAt,
              endsAt: phase == .inactive ? (resolvedAt ?? now) : now.addingTimeInterval(validFor), updatedAt: now, generatorURL: generatorURL)
    }
}

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
