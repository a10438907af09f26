import Foundation
import SextantCore

/// Where the gates' facts come from: the objectives' latest statuses, the alerts held, the
/// dependency graph and the routing configuration's time intervals.
struct GateWorld: Sendable {
    let objectives: @Sendable () -> [RuleSampleSource.SLOSnapshot]
    let alerts: @Sendable () -> [Alert]
    let graph: @Sendable () async throws -> DependencyGraph
    let timeIntervals: @Sendable () -> [String: NamedTimeInterval]

    /// The facts at `now` for `state`'s gates.
    func facts(for state: DeploymentState, at now: Date) async throws -> GateFacts {
        try await facts(for: state.resolved.gates, objectives: state.resolved.gateObjectives, approved: state.gates.approvedBy != nil,
                        freezeOverridden: state.gates.freezeOverride != nil, at: now)
    }

    /// The facts at `now` for `gates`, reading only the objectives named in `objectives` when given.
    func facts(for gates: DeploymentGates, objectives named: [String]?, approved: Bool, freezeOverridden: Bool, at now: Date) async throws -> GateFacts {
        let limited = named.map(Set.init)
        let objectives = objectives().filter { limited?.contains($0.slo.id) ?? true }.map { snapshot in
            GateFacts.Objective(id: snapshot.slo.id, service: snapshot.slo.service, remainingPercent: snapshot.status.budget.remainingRatio * 100,
                                pagesFiring: snapshot.firing.filter { $0.severity == .page }.map(\.name))
        }
        let intervals = timeIntervals()
        return GateFacts(
            objectives: objectives,
            // Sextant's own announcements of deployments are no incident.
            firingAlerts: alerts().filter { !$0.isResolved(at: now) && $0.name != DeploymentAnnouncement.alertName }.map(\.labels),
            graph: try await graph(),
            activeFreezes: Set(gates.freezes.filter { intervals[$0]?.isActive(at: now) ?? false }),
            approved: approved,
            freezeOverridden: freezeOverridden
        )
    }
}
