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
        let includesObserved: Bool
    }

    private let catalog: any CatalogStore
    private let telemetry: any TelemetryStore
    private let declaredEntry = Mutex<(graph: DependencyGraph, revision: Int64)?>(nil)
    private let impactEntry = Mutex<(key: ImpactKey, graph: DependencyGraph)?>(nil)

    init(catalog: any CatalogStore, telemetry: any TelemetryStore) {
        self.catalog = catalog
        self.telemetry = telemetry
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
        try await telemetry.foldPending()
        let (declared, revision) = try await declared()
        async let edges = telemetry.observedEdges()
        async let services = telemetry.observedServices()
        return (MergedGraph(declared: declared, observed: try await edges, observedServices: try await services.map(\.name)), revision)
    }

    /// The graph impact analysis walks: declared edges, plus (by default) observed-only ones.
    func impactGraph(includingObserved: Bool) async throws -> DependencyGraph {
        let (declared, revision) = try await declared()
        guard includingObserved else { return declared }
        try await telemetry.foldPending()
        let observed = try await telemetry.observedEdges()
        let key = ImpactKey(
            revision: revision,
            observed: observed.map {
                .init(identity: EdgeIdentity(client: $0.client, server: $0.server, connectionType: $0.connectionType), isStale: $0.isStale)
            },
            includesObserved: includingObserved
        )
        if let hit = impactEntry.withLock({ $0 }), hit.key == key { return hit.graph }
        let graph = MergedGraph(declared: declared, observed: observed, observedServices: []).dependencyGraph(includingObserved: true)
        impactEntry.withLock { $0 = (key, graph) }
        return graph
    }
}
