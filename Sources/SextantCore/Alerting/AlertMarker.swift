import Foundation

/// Marks alerts as Alertmanager's marker does — `active`, `suppressed` (with the silences and
/// alerts that mute it) or `resolved` — at one instant: the silences, inhibitions and graph
/// explanations are prepared once, then each alert costs a route match and a few lookups.
public struct AlertMarker: Sendable {
    private let routing: RoutingConfiguration
    private let muting: AlertMuting
    private let now: Date

    /// Prepares the marks over `alerts` (every alert held, the sources of inhibition).
    public init(routing: RoutingConfiguration, silences: [Silence], explained: GraphInhibition, alerts: [Alert], at now: Date) {
        self.routing = routing
        muting = AlertMuting(routing: routing, silences: silences, explained: explained, alerts: alerts, at: now)
        self.now = now
    }

    public func status(of stored: Alert) -> AlertStatus {
        let routes = routing.root.match(stored.labels)
        // Explained by a root cause only where no route it takes turned that off.
        let verdict = muting.verdict(on: stored, graphAware: routes.allSatisfy(\.graphInhibition))
        let state: AlertStatus.State = stored.isResolved(at: now) ? .resolved : (verdict.isMuted ? .suppressed : .active)
        var receivers = Array(Set(routes.map(\.receiver)))
        if receivers.count > 1 { receivers.sort() }
        return AlertStatus(alert: verdict.alert, state: state, silencedBy: verdict.silencedBy, inhibitedBy: verdict.inhibitedBy, receivers: receivers)
    }

    /// A rule alert not yet firing: routed nowhere until it fires.
    public static func pending(_ alert: RuleAlert) -> AlertStatus {
        AlertStatus(alert: Alert(labels: alert.labels, annotations: alert.annotations, startsAt: alert.activeAt, endsAt: .distantFuture,
                                 updatedAt: alert.activeAt),
                    state: .pending, silencedBy: [], inhibitedBy: [], receivers: [])
    }
}
