import Foundation
import Logging
import SextantCore
import Synchronization

/// What the root-cause alerts firing at an instant explain through the dependency graph, for
/// graph-aware inhibition. The graph is read only when a root cause fires, and reused a while.
final class RootCauses: Sendable {
    /// How long the dependency graph read is reused.
    static let graphReuse: TimeInterval = 10

    let held: HeldAlerts
    /// The graph impact analysis walks.
    let dependencyGraph: @Sendable () async throws -> DependencyGraph
    let logger: Logger
    private let cached = Mutex<(graph: DependencyGraph, readAt: Date)?>(nil)

    init(held: HeldAlerts, dependencyGraph: @escaping @Sendable () async throws -> DependencyGraph, logger: Logger) {
        self.held = held
        self.dependencyGraph = dependencyGraph
        self.logger = logger
    }

    func explained(at now: Date) async -> GraphInhibition {
        let alerts = held.alerts { GraphInhibition.isRootCause($0.labels) && !$0.isResolved(at: now) }
        guard !alerts.isEmpty, let graph = await graph(at: now) else { return GraphInhibition() }
        return GraphInhibition(alerts: alerts, graph: graph, at: now)
    }

    /// The dependency graph, read again when the one held is older than ``graphReuse``; `nil`
    /// when it cannot be read and none is held.
    func graph(at now: Date) async -> DependencyGraph? {
        let last = cached.withLock { $0 }
        var graph = last?.graph
        if last.map({ now.timeIntervalSince($0.readAt) >= Self.graphReuse || $0.readAt > now }) ?? true {
            do {
                let read = try await dependencyGraph()
                cached.withLock { $0 = (read, now) }
                graph = read
            } catch {
                logger.warning("cannot read the dependency graph for inhibition", metadata: ["error": "\(error)"])
            }
        }
        return graph
    }
}
