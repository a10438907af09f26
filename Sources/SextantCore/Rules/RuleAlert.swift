import Foundation

/// An alert of a rule, as Prometheus keeps it between evaluations: its labels, annotations and
/// value, and where it is in its life (an ``AlertStateMachine``).
public struct RuleAlert: Sendable, Equatable {
    public typealias Phase = AlertStateMachine.Phase

    public var labels: LabelSet
    public var annotations: [String: String]
    public var value: Double
    /// Where the alert is; ``evaluate(isActive:at:pendingFor:keepFiringFor:)`` moves it on.
    public private(set) var machine: AlertStateMachine
    /// When the expression started to hold (kept after the alert resolved, as Prometheus shows it).
    public private(set) var activeAt: Date
    /// When the alert was last handed to the router.
    public var lastSentAt: Date?

    public var phase: Phase { machine.phase }
    public var firedAt: Date? { machine.firedAt }
    public var resolvedAt: Date? { machine.resolvedAt }
    /// When the expression stopped holding while `keep_firing_for` keeps the alert firing.
    public var keepFiringSince: Date? { machine.keepFiringSince }

    /// An alert restored from what was stored of it.
    public init(labels: LabelSet, annotations: [String: String], value: Double, phase: Phase, activeAt: Date,
                firedAt: Date? = nil, resolvedAt: Date? = nil, keepFiringSince: Date? = nil, lastSentAt: Date? = nil) {
        self.labels = labels
        self.annotations = annotations
        self.value = value
        let since: Date? = switch phase {
        case .firing: firedAt ?? activeAt
        case .pending: activeAt
        case .inactive: resolvedAt
        }
        self.machine = AlertStateMachine(phase: phase, since: since, activeSince: phase == .inactive ? nil : activeAt, firedAt: firedAt,
                                         resolvedAt: resolvedAt, keepFiringSince: keepFiringSince)
        self.activeAt = activeAt
        self.lastSentAt = lastSentAt
    }

    /// A new alert, inactive until its first evaluation.
    init(labels: LabelSet, annotations: [String: String], value: Double) {
        self.labels = labels
        self.annotations = annotations
        self.value = value
        self.machine = AlertStateMachine()
        self.activeAt = .distantPast
    }

    /// Applies one evaluation to the alert's machine; see ``AlertStateMachine``.
    @discardableResult
    public mutating func evaluate(isActive: Bool, at now: Date, pendingFor: TimeInterval, keepFiringFor: TimeInterval = 0) -> AlertStateMachine.Transition {
        let transition = machine.evaluate(isActive: isActive, at: now, pendingFor: pendingFor, keepFiringFor: keepFiringFor)
        if let since = machine.activeSince { activeAt = since }
        return transition
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

extension RuleAlert: Codable {
    private enum CodingKeys: String, CodingKey {
        case labels, annotations, value, phase, activeAt, firedAt, resolvedAt, keepFiringSince, lastSentAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            labels: try container.decode(LabelSet.self, forKey: .labels),
            annotations: try container.decode([String: String].self, forKey: .annotations),
            value: try container.decode(Double.self, forKey: .value),
            phase: try container.decode(Phase.self, forKey: .phase),
            activeAt: try container.decode(Date.self, forKey: .activeAt),
            firedAt: try container.decodeIfPresent(Date.self, forKey: .firedAt),
            resolvedAt: try container.decodeIfPresent(Date.self, forKey: .resolvedAt),
            keepFiringSince: try container.decodeIfPresent(Date.self, forKey: .keepFiringSince),
            lastSentAt: try container.decodeIfPresent(Date.self, forKey: .lastSentAt)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(labels, forKey: .labels)
        try container.encode(annotations, forKey: .annotations)
        try container.encode(value, forKey: .value)
        try container.encode(phase, forKey: .phase)
        try container.encode(activeAt, forKey: .activeAt)
        try container.encodeIfPresent(firedAt, forKey: .firedAt)
        try container.encodeIfPresent(resolvedAt, forKey: .resolvedAt)
        try container.encodeIfPresent(keepFiringSince, forKey: .keepFiringSince)
        try container.encodeIfPresent(lastSentAt, forKey: .lastSentAt)
    }
}
