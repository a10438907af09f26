import Foundation

/// The dependency graph as declared in the catalog and as observed in rollups, side by side.
public struct MergedGraph: Sendable {
    /// Where an edge is known from.
    public enum Source: String, Sendable, Codable {
        case declared, observed, both
    }

    /// A node: registered, seen in rollups, or both.
    public struct Node: Sendable, Equatable {
        public let name: String
        public let component: Component?
        /// Whether the node appears in telemetry (as a service, or at either end of an edge).
        public let isObserved: Bool
        /// Whether the node sends spans of its own (a resource's `service.name`).
        public let isReporting: Bool

        public var isRegistered: Bool { component != nil }
    }

    /// A dependency of `from` on `to`.
    public struct Edge: Sendable, Equatable {
        public let from: String
        public let to: String
        /// The declaration, if the catalog has one.
        public let declared: DependencyGraph.Edge?
        /// How it was seen talking, per connection type; empty when never observed.
        public let observed: [ObservedEdge]

        public var source: Source {
            switch (declared != nil, !observed.isEmpty) {
            case (true, true): return .both
            case (true, false): return .declared
            default: return .observed
            }
        }

        public var firstSeen: Date? { observed.map(\.firstSeen).min() }
        public var lastSeen: Date? { observed.map(\.lastSeen).max() }
        /// How it was seen talking, each type once.
        public var connectionTypes: [ConnectionType] {
            ConnectionType.allCases.filter { type in observed.contains { $0.connectionType == type } }
        }
        /// Where it was seen, each origin once.
        public var observedBy: [EdgeOrigin] { Set(observed.map(\.origin)).sorted() }
        /// Observed, but not for longer than the staleness threshold.
        public var isStale: Bool { !observed.isEmpty && observed.allSatisfy(\.isStale) }
    }

    /// All nodes, sorted by name.
    public let nodes: [Node]
    /// All edges, sorted by `from`, then `to`.
    public let edges: [Edge]

    /// Merges the catalog's graph with what telemetry saw. Self-calls are left out: a service
    /// calling itself is not a dependency.
    public init(declared: DependencyGraph, observed: [ObservedEdge], observedServices: [String]) {
        struct Pair: Hashable {
            let from: String
            let to: String
        }
        var sightings: [Pair: [ObservedEdge]] = [:]
        let reporting = Set(observedServices)
        var observedNames = reporting
        for edge in observed where edge.client != edge.server {
            sightings[Pair(from: edge.client, to: edge.server), default: []].append(edge)
            observedNames.insert(edge.client)
            observedNames.insert(edge.server)
        }
        var edges: [Edge] = []
        for edge in declared.edges {
            let pair = Pair(from: edge.from, to: edge.to)
            edges.append(Edge(from: edge.from, to: edge.to, declared: edge, observed: sightings.removeValue(forKey: pair) ?? []))
        }
        for (pair, seen) in sightings {
            edges.append(Edge(from: pair.from, to: pair.to, declared: nil, observed: seen.sorted {
                ($0.connectionType.rawValue, $0.origin.rawValue) < ($1.connectionType.rawValue, $1.origin.rawValue)
            }))
        }
        self.edges = edges.sorted { ($0.from, $0.to) < ($1.from, $1.to) }

        var names = Set(declared.nodes.map(\.name)).union(observedNames)
        names.formUnion(self.edges.flatMap { [$0.from, $0.to] })
        self.nodes = names.sorted().map { name in
            Node(
                name: name, component: declared.node(named: name)?.component,
                isObserved: observedNames.contains(name), isReporting: reporting.contains(name)
            )
        }
    }

    /// The graph impact analysis walks: declared edges with their attributes, plus edges only
    /// observed (and not stale), which count as hard (critical, no fallback) until someone
    /// declares otherwise.
    public func dependencyGraph(includingObserved: Bool = true) -> DependencyGraph {
        var registered: [String: Component] = [:]
        for node in nodes { if let component = node.component { registered[node.name] = component } }
        let dependencyEdges = edges.compactMap { edge -> DependencyGraph.Edge? in
            if let declared = edge.declared { return declared }
            guard includingObserved, !edge.isStale else { return nil }
            return DependencyGraph.Edge(
                from: edge.from, to: edge.to, type: Self.dependencyType(for: edge.observed), isCritical: true, hasFallback: false
            )
        }
        return DependencyGraph(registered: registered, edges: dependencyEdges)
    }

    private static func dependencyType(for sightings: [ObservedEdge]) -> DependencyType {
        let types = Set(sightings.map(\.connectionType))
        if types.contains(.database) { return .database }
        if types.contains(.messagingSystem) { return .messageQueue }
        if types == [.virtualNode] { return .externalAPI }
        return .internalService
    }

    /// Where telemetry and the catalog disagree.
    public struct Drift: Sendable, Equatable {
        /// Edges seen in telemetry that the catalog does not declare (calls from the `user`
        /// virtual node are not dependencies and are left out).
        public let observedButUndeclared: [Edge]
        /// Declared dependencies never seen in rollups.
        public let declaredButNeverObserved: [Edge]
        /// Services sending spans that are not registered.
        public let unregisteredServices: [String]
        /// Observed edges not seen for longer than the staleness threshold.
        public let staleEdges: [Edge]
    }

    /// The drift report.
    public var drift: Drift {
        Drift(
            observedButUndeclared: edges.filter { $0.source == .observed && $0.from != Self.userNode },
            declaredButNeverObserved: edges.filter { $0.source == .declared },
            unregisteredServices: nodes.filter { $0.isReporting && !$0.isRegistered }.map(\.name),
            staleEdges: edges.filter(\.isStale)
        )
    }

    /// The virtual node that stands for callers outside the system.
    public static let userNode = "user"
}
