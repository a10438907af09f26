import Foundation
import SextantCore

/// The graph: every node and every edge, declared and observed.
public struct GraphResponse: Codable, Sendable {
    public struct Node: Codable, Sendable {
        public let name: String
        /// A component is registered under this name.
        public let registered: Bool
        /// Telemetry mentions it (it sends spans, or is called or calls).
        public let observed: Bool
        public let owner: String?
        public let tier: Int?
        public let lifecycle: String?
        public let dependencies: Int
        public let dependants: Int
    }

    public struct Edge: Codable, Sendable {
        public let from: String
        public let to: String
        /// `declared`, `observed` or `both`.
        public let source: String
        /// The declared type, or one inferred from how it was observed.
        public let type: String
        /// Declared values; an edge only observed counts as critical without fallback.
        public let critical: Bool
        public let fallbackAvailable: Bool
        public let hard: Bool
        /// How it was observed talking (`direct`, `messaging_system`, `database`, `virtual_node`).
        public let connectionTypes: [String]
        /// Where it was observed: `traces` (OTLP sent to Sextant), `prometheus`.
        public let observedBy: [String]
        /// `asynchronous` when observed only through a broker, `synchronous` otherwise; `nil`
        /// when never observed.
        public let communication: String?
        /// Observed, but not for longer than the staleness threshold.
        public let stale: Bool
        public let firstSeen: Date?
        public let lastSeen: Date?
        /// Over the last five minutes, when observed in them.
        public let recent: REDResponse?
    }

    public let revision: Int64
    public let nodes: [Node]
    public let edges: [Edge]

    public init(
        merged: MergedGraph, impactGraph: DependencyGraph, revision: Int64,
        recent: [String: [String: REDResponse]], includeStale: Bool
    ) {
        self.revision = revision
        var dependencies: [String: Int] = [:]
        var dependants: [String: Int] = [:]
        for edge in merged.edges {
            dependencies[edge.from, default: 0] += 1
            dependants[edge.to, default: 0] += 1
        }
        self.nodes = merged.nodes.map { node in
            Node(
                name: node.name, registered: node.isRegistered, observed: node.isObserved, owner: node.component?.owner,
                tier: node.component?.tier, lifecycle: node.component?.lifecycle.rawValue,
                dependencies: dependencies[node.name] ?? 0, dependants: dependants[node.name] ?? 0
            )
        }
        self.edges = merged.edges.filter { includeStale || !$0.isStale || $0.declared != nil }.map { edge in
            let walked = impactGraph.dependencies(of: edge.from).first { $0.to == edge.to } ?? edge.declared
            return Edge(
                from: edge.from, to: edge.to, source: edge.source.rawValue,
                type: walked?.type.rawValue ?? DependencyType.internalService.rawValue,
                critical: walked?.isCritical ?? true, fallbackAvailable: walked?.hasFallback ?? false, hard: walked?.isHard ?? true,
                connectionTypes: edge.connectionTypes.map(\.rawValue), observedBy: edge.observedBy.map(\.rawValue),
                communication: edge.observed.isEmpty ? nil : (edge.connectionTypes.allSatisfy { !$0.isSynchronous } ? "asynchronous" : "synchronous"),
                stale: edge.isStale,
                firstSeen: edge.firstSeen, lastSeen: edge.lastSeen, recent: recent[edge.from]?[edge.to]
            )
        }
    }
}
