import Foundation

/// What mutes an alert at one instant, prepared once for many alerts: the active silences,
/// the inhibition rules over the alerts held, and the root causes that explain alerts through
/// the dependency graph. The notification pipeline and the listings' marker ask it alike.
public struct AlertMuting: Sendable {
    /// What mutes one alert, and the alert with the annotations graph-aware inhibition adds.
    public struct Verdict: Sendable {
        public var alert: Alert
        /// The silences that mute it.
        public var silencedBy: [String]
        /// The fingerprints of the alerts that inhibit it, by rule or through the graph.
        public var inhibitedBy: [String]

        public var isMuted: Bool { !silencedBy.isEmpty || !inhibitedBy.isEmpty }
    }

    private let silences: [Silence]
    private let inhibitor: Inhibitor
    private let explained: GraphInhibition
    private let now: Date

    public init(silences: [Silence], inhibitor: Inhibitor, explained: GraphInhibition, at now: Date) {
        self.silences = silences.filter { $0.state(at: now) == .active }
        self.inhibitor = inhibitor
        self.explained = explained
        self.now = now
    }

    /// Prepares the inhibition rules of `routing` over `alerts` (every alert held).
    public init(routing: RoutingConfiguration, silences: [Silence], explained: GraphInhibition, alerts: [Alert], at now: Date) {
        self.init(silences: silences, inhibitor: Inhibitor(rules: routing.inhibitRules, alerts: routing.inhibitRules.isEmpty ? [] : alerts, at: now),
                  explained: explained, at: now)
    }

    /// The verdict on `alert`: inhibition, then graph inhibition (only when `graphAware`: a
    /// route may turn it off), then silences.
    public func verdict(on alert: Alert, graphAware: Bool) -> Verdict {
        let explaining = graphAware ? explained : GraphInhibition()
        let annotated = explaining.annotated(alert)
        var inhibitedBy = inhibitor.inhibitors(of: alert.labels).map(\.fingerprintText)
        if let explanation = explaining.explanation(of: alert.labels), !inhibitedBy.contains(explanation.source.fingerprintText) {
            inhibitedBy.append(explanation.source.fingerprintText)
        }
        let silencedBy = silences.filter { $0.mutes(alert.labels, at: now) }.map(\.id)
        return Verdict(alert: annotated, silencedBy: silencedBy, inhibitedBy: inhibitedBy)
    }
}
