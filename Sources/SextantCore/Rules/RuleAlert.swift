import Foundation

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
