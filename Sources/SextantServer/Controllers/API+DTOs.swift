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
        self.nextCursor = page.nextCursor
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

/// The graph: every node and every edge.
public struct GraphResponse: Codable, Sendable {
    public struct Node: Codable, Sendable {
        public let name: String
        public let registered: Bool
        public let owner: String?
        public let tier: Int?
        public let lifecycle: String?
        public let dependencies: Int
        public let dependants: Int
    }

    public struct Edge: Codable, Sendable {
        public let from: String
        public let to: String
        public let type: String
        public let critical: Bool
        public let fallbackAvailable: Bool
        public let hard: Bool
        public let source: String
    }

    public let revision: Int64
    public let nodes: [Node]
    public let edges: [Edge]

    public init(graph: DependencyGraph, revision: Int64) {
        self.revision = revision
        self.nodes = graph.nodes.map { node in
            Node(
                name: node.name, registered: node.isRegistered, owner: node.component?.owner, tier: node.component?.tier,
                lifecycle: node.component?.lifecycle.rawValue,
                dependencies: graph.dependencies(of: node.name).count, dependants: graph.dependants(of: node.name).count
            )
        }
        self.edges = graph.edges.map { edge in
            Edge(from: edge.from, to: edge.to, type: edge.type.rawValue, critical: edge.isCritical,
                 fallbackAvailable: edge.hasFallback, hard: edge.isHard, source: "declared")
        }
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
