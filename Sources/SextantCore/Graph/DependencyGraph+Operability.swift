/// Whether one node can still serve while others have failed, and what stops it.
public struct Operability: Sendable, Equatable {
    /// The node asked about.
    public let name: String
    /// `false` when the node is failed itself or down.
    public let canOperate: Bool
    /// How the node is affected, or `nil` when it is not.
    public let status: ImpactReport.Status?
    /// Its hard dependencies (critical, no fallback) that are failed or down, sorted.
    public let blockedBy: [String]
    /// Its soft dependencies that are failed or down, and hard ones that are degraded, sorted.
    public let degradedBy: [String]
    /// The chain that explains its status, from the node to a failed one; empty when unaffected.
    public let chain: [String]
}

extension DependencyGraph {
    /// Whether `name` can operate while the `failed` nodes are down.
    public func operability(
        of name: String,
        whenFailing failed: some Sequence<String>,
        propagation: DegradationPropagation = .firstHop
    ) -> Operability {
        let report = impact(ofFailing: failed, propagation: propagation)
        var statuses: [String: ImpactReport.Status] = [:]
        for failedName in report.failed { statuses[failedName] = .failed }
        for entry in report.down + report.degraded { statuses[entry.name] = entry.status }

        var blockedBy: [String] = []
        var degradedBy: [String] = []
        for edge in dependencies(of: name) {
            switch (statuses[edge.to], edge.isHard) {
            case (.failed?, true), (.down?, true): blockedBy.append(edge.to)
            case (.failed?, false), (.down?, false), (.degraded?, true): degradedBy.append(edge.to)
            default: break
            }
        }
        let status = statuses[name]
        let chain = (report.down + report.degraded).first { $0.name == name }?.chain ?? (status == .failed ? [name] : [])
        return Operability(
            name: name,
            canOperate: status != .failed && status != .down,
            status: status,
            blockedBy: blockedBy.sorted(),
            degradedBy: degradedBy.sorted(),
            chain: chain
        )
    }
}
