import Foundation
import SextantCore
import SextantStorage
import Synchronization

/// The graphs the API answers from: the catalog's, and the catalog's merged with what telemetry
/// observed. Expensive structures are rebuilt only when the catalog revision or the set of
/// observed edges changes (on any replica: both live in the database).
final class GraphCache: Sendable {
    private struct ImpactKey: Equatable {
        struct Sighting: Equatable {
            let identity: EdgeIdentity
            let isStale: Bool
        }
        let revision: Int64
        let observed: [Sighting]
    }

    private let catalog: any CatalogStore
    private let rollups: any RollupStore
    private let declaredEntry = Mutex<(graph: DependencyGraph, revision: Int64)?>(nil)
    private let impactEntry = Mutex<(key: ImpactKey, graph: DependencyGraph)?>(nil)

    init(catalog: any CatalogStore, rollups: any RollupStore) {
        self.catalog = catalog
        self.rollups = rollups
    }

    /// The catalog's graph and the revision it reflects.
    func declared() async throws -> (graph: DependencyGraph, revision: Int64) {
        let revision = try await catalog.revision()
        if let hit = declaredEntry.withLock({ $0 }), hit.revision == revision { return hit }
        let snapshot = try await catalog.snapshot()
        let graph = DependencyGraph(components: snapshot.components)
        declaredEntry.withLock { entry in
            if (entry?.revision ?? -1) < snapshot.revision { entry = (graph, snapshot.revision) }
        }
        return (graph, snapshot.revision)
    }

    /// Declared and observed, with fresh first- and last-seen times.
    func merged() async throws -> (graph: MergedGraph, revision: Int64) {
        let view = try await observedView(withServices: true)
        return (view.merged, view.revision)
    }

    /// The graph impact analysis walks: declared edges, plus (by default) observed-only ones.
    func impactGraph(includingObserved: Bool) async throws -> DependencyGraph {
        guard includingObserved else { return try await declared().graph }
        return impactGraph(of: try await observedView(withServices: false))
    }

    /// Both graphs from one fold and one read of what was observed.
    func current(includingObserved: Bool) async throws -> (merged: MergedGraph, impact: DependencyGraph, revision: Int64) {
        let view = try await observedView(withServices: true)
        return (view.merged, includingObserved ? impactGraph(of: view) : view.declared, view.revision)
    }

    private struct ObservedView {
        let declared: DependencyGraph
        let revision: Int64
        let observed: [ObservedEdge]
        let merged: MergedGraph
    }

    /// Reads the catalog's graph and what traces and Prometheus observed.
    private func observedView(withServices: Bool) async throws -> ObservedView {
        let rollups = try await rollups.foldedView()
        let (declared, revision) = try await declared()
        async let edges = rollups.observedEdges()
        async let services = withServices ? rollups.observedServices().map(\.name) : []
        let observed = try await edges
        let merged = MergedGraph(declared: declared, observed: observed, observedServices: try await services)
        return ObservedView(declared: declared, revision: revision, observed: observed, merged: merged)
    }

    /// The impact graph of a view, rebuilt only when the revision or the observed edges changed.
    private func impactGraph(of view: ObservedView) -> DependencyGraph {
        let key = ImpactKey(revision: view.revision, observed: view.observed.map {
            .init(identity: EdgeIdentity(client: $0.client, server: $0.server, connectionType: $0.connectionType), isStale: $0.isStale)
        })
        if let hit = impactEntry.withLock({ $0 }), hit.key == key { return hit.graph }
        let graph = view.merged.dependencyGraph(includingObserved: true)
        impactEntry.withLock { $0 = (key, graph) }
        return graph
    }
}
