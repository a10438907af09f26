/// The transitive consequences of some nodes failing.
public struct ImpactReport: Sendable, Equatable {
    /// How a node is affected.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Named as failed by the question.
        case failed
        /// Cannot serve: a hard dependency (critical, no fallback) is failed or down.
        case down
        /// Serves worse: a soft dependency (non-critical or with a fallback) is failed or down.
        case degraded
    }

    /// One affected node and why.
    public struct Affected: Sendable, Equatable {
        /// The affected node.
        public let name: String
        /// How it is affected.
        public let status: Status
        /// The path that explains it, from this node to a failed one:
        /// `["frontend", "api-service", "auth-service", "postgres"]`.
        public let chain: [String]

        /// Creates an entry.
        public init(name: String, status: Status, chain: [String]) {
            self.name = name
            self.status = status
            self.chain = chain
        }

        /// The failed node at the end of the chain.
        public var rootCause: String { chain.last ?? name }
        /// How many hops separate this node from its root cause.
        public var distance: Int { chain.count - 1 }
        /// The chain as people write it: `frontend ← api-service ← postgres`.
        public var explanation: String { chain.joined(separator: " ← ") }
    }

    /// The nodes named as failed, sorted.
    public let failed: [String]
    /// Nodes that cannot serve, nearest first, then by name.
    public let down: [Affected]
    /// Nodes that serve worse, nearest first, then by name.
    public let degraded: [Affected]

    /// Creates a report.
    public init(failed: [String], down: [Affected], degraded: [Affected]) {
        self.failed = failed
        self.down = down
        self.degraded = degraded
    }

    /// How `name` is affected, or `nil` when it is not.
    public func status(of name: String) -> Status? {
        if failed.contains(name) { return .failed }
        if down.contains(where: { $0.name == name }) { return .down }
        if degraded.contains(where: { $0.name == name }) { return .degraded }
        return nil
    }
}
