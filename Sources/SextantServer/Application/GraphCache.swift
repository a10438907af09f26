import SextantCore
import SextantStorage
import Synchronization

/// The dependency graph of the current catalog revision, rebuilt only when the revision moves
/// (on any replica: the revision lives in the database).
final class GraphCache: Sendable {
    private let catalog: any CatalogStore
    private let cached = Mutex<(graph: DependencyGraph, revision: Int64)?>(nil)

    init(catalog: any CatalogStore) {
        self.catalog = catalog
    }

    /// The graph and the revision it reflects.
    func current() async throws -> (graph: DependencyGraph, revision: Int64) {
        let revision = try await catalog.revision()
        if let hit = cached.withLock({ $0 }), hit.revision == revision { return hit }
        let snapshot = try await catalog.snapshot()
        let graph = DependencyGraph(components: snapshot.components)
        cached.withLock { entry in
            if (entry?.revision ?? -1) < snapshot.revision { entry = (graph, snapshot.revision) }
        }
        return (graph, snapshot.revision)
    }
}
