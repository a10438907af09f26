import Foundation
import SextantCore
import SextantStorage

/// What the UI's pages read: the same stores and computations as the API, so a page shows the
/// figures the API answers.
struct UISources: Sendable {
    let rollups: any RollupStore
    let series: any RollupSeriesStore
    let catalog: any CatalogStore
    let objectives: any SLOStore
    let objectiveStatus: @Sendable (ServiceLevelObjective) async throws -> SLOStatus
    let alerts: @Sendable () -> [Alert]
    /// Every alert held with its status (silenced and inhibited with why), as the listings show it.
    let alertStatuses: @Sendable () async throws -> [AlertStatus]
    let alertingStore: any AlertingStore
    let deployments: any DeploymentStore
    let graph: @Sendable () async throws -> DependencyGraph
    /// The declared and observed graph side by side.
    let merged: @Sendable () async throws -> MergedGraph
    let spans: any SpanStore
    let finder: TraceFinder
    let logs: LogQueries
    let clock: any WallClock

    /// Firing alerts (not yet ended), newest first.
    func firingAlerts() -> [Alert] {
        let now = clock.now()
        return alerts().filter { $0.endsAt > now }.sorted { $0.startsAt > $1.startsAt }
    }

    /// Every service seen in traces or registered in the catalog, sorted.
    func serviceNames() async throws -> [String] {
        let observed = try await rollups.observedServices().map(\.name)
        let registered = try await catalog.snapshot().components.map(\.name)
        return Array(Set(observed).union(registered)).sorted()
    }

    /// The objectives shown with a computed status (the rest are listed without).
    static let statusedObjectives = 50

    /// Every objective, sorted by id, and the status now of the first ``statusedObjectives``.
    func objectivesWithStatus() async throws -> (objectives: [ServiceLevelObjective], statuses: [String: SLOStatus]) {
        let objectives = try await self.objectives.list().map(\.slo).sorted { $0.id < $1.id }
        var statuses: [String: SLOStatus] = [:]
        for slo in objectives.prefix(Self.statusedObjectives) { statuses[slo.id] = try? await objectiveStatus(slo) }
        return (objectives, statuses)
    }
}
