import Foundation
import SextantCore
import SextantStorage

/// A component as the API shows it: its definition plus the store's timestamps.
struct ComponentResponse: Encodable {
    let record: ComponentRecord

    private enum TimestampKeys: String, CodingKey {
        case createdAt, updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        try record.component.encode(to: encoder)
        var container = encoder.container(keyedBy: TimestampKeys.self)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(record.updatedAt, forKey: .updatedAt)
    }
}

/// A page of components.
struct ComponentListResponse: Encodable {
    let items: [ComponentResponse]
    let nextCursor: String?
    let total: Int

    init(_ page: ComponentPage) {
        self.items = page.items.map(ComponentResponse.init)
        self.nextCursor = page.nextCursor.map(PageCursor.encode)
        self.total = page.total
    }

    private enum CodingKeys: String, CodingKey {
        case items, nextCursor, total
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
        try container.encode(total, forKey: .total)
    }
}

/// What applying a catalog did.
public struct CatalogApplyResponse: Codable, Sendable {
    public let changed: Bool
    public let dryRun: Bool
    public let revision: Int64
    public let created: [String]
    public let updated: [String]
    public let unchanged: [String]
    public let deleted: [String]
    public let summary: String

    public init(_ result: CatalogApplyResult) {
        self.changed = result.changed
        self.dryRun = result.dryRun
        self.revision = result.revision
        self.created = result.created
        self.updated = result.updated
        self.unchanged = result.unchanged
        self.deleted = result.deleted
        let counts = "\(result.created.count) created, \(result.updated.count) updated, "
            + "\(result.unchanged.count) unchanged, \(result.deleted.count) deleted"
        if !result.changed {
            self.summary = "no changes: \(result.unchanged.count) components already up to date"
        } else {
            self.summary = (result.dryRun ? "would apply: " : "applied: ") + counts
        }
    }
}

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

    init(merged: MergedGraph, impactGraph: DependencyGraph, revision: Int64, recent: [String: [String: REDResponse]], includeStale: Bool) {
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

/// Where telemetry and the catalog disagree.
public struct DriftResponse: Codable, Sendable {
    public struct Edge: Codable, Sendable {
        public let from: String
        public let to: String
        public let connectionTypes: [String]
        public let firstSeen: Date?
        public let lastSeen: Date?
    }

    public let observedButUndeclared: [Edge]
    public let declaredButNeverObserved: [Edge]
    public let unregisteredServices: [String]
    /// Observed edges not seen for longer than the staleness threshold.
    public let staleEdges: [Edge]

    init(_ drift: MergedGraph.Drift) {
        func edges(_ list: [MergedGraph.Edge]) -> [Edge] {
            list.map { Edge(from: $0.from, to: $0.to, connectionTypes: $0.connectionTypes.map(\.rawValue), firstSeen: $0.firstSeen, lastSeen: $0.lastSeen) }
        }
        self.observedButUndeclared = edges(drift.observedButUndeclared)
        self.declaredButNeverObserved = edges(drift.declaredButNeverObserved)
        self.unregisteredServices = drift.unregisteredServices
        self.staleEdges = edges(drift.staleEdges)
    }
}

/// The answer to an impact question.
public struct ImpactResponse: Codable, Sendable {
    public struct Affected: Codable, Sendable {
        public let name: String
        public let status: String
        public let chain: [String]
        public let path: String
        public let rootCause: String
        public let distance: Int

        public init(_ entry: ImpactReport.Affected) {
            self.name = entry.name
            self.status = entry.status.rawValue
            self.chain = entry.chain
            self.path = entry.explanation
            self.rootCause = entry.rootCause
            self.distance = entry.distance
        }
    }

    public struct Summary: Codable, Sendable {
        public let failed: Int
        public let down: Int
        public let degraded: Int
    }

    public let failed: [String]
    public let propagation: String
    public let down: [Affected]
    public let degraded: [Affected]
    public let summary: Summary

    public init(_ report: ImpactReport, propagation: DegradationPropagation) {
        self.failed = report.failed
        self.propagation = propagation.rawValue
        self.down = report.down.map(Affected.init)
        self.degraded = report.degraded.map(Affected.init)
        self.summary = Summary(failed: report.failed.count, down: report.down.count, degraded: report.degraded.count)
    }
}

/// Whether a component can operate.
public struct OperabilityResponse: Codable, Sendable {
    public let component: String
    public let failed: [String]
    public let canOperate: Bool
    public let status: String
    public let blockedBy: [String]
    public let degradedBy: [String]
    public let chain: [String]

    public init(_ answer: Operability, failed: [String]) {
        self.component = answer.name
        self.failed = failed
        self.canOperate = answer.canOperate
        self.status = answer.status?.rawValue ?? "ok"
        self.blockedBy = answer.blockedBy
        self.degradedBy = answer.degradedBy
        self.chain = answer.chain
    }
}

/// The graph's dependency cycles.
public struct CyclesResponse: Codable, Sendable {
    public struct Cycle: Codable, Sendable {
        public let members: [String]
        public let path: [String]
    }

    public let cycles: [Cycle]
}
