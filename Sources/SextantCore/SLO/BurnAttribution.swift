/// Splits a service's bad events among its outgoing edges by coincidence: in each bucket, the
/// bad events are shared out in proportion to the failed calls of each edge, never more than
/// an edge's own failures; what no failed call explains is left unattributed.
public struct BurnAttribution: Sendable, Equatable {
    /// One edge's share.
    public struct Share: Sendable, Equatable {
        public var server: String
        /// Failed calls along the edge in the window.
        public var failedCalls: Double
        /// Bad events of the service attributed to the edge.
        public var attributedBadEvents: Double
        /// The share of the service's bad events, 0…1.
        public var fraction: Double
    }

    /// The service's bad events in the window.
    public var badEvents: Double
    /// By edge, largest first.
    public var shares: [Share]
    /// Bad events no failed call coincides with.
    public var unattributedBadEvents: Double
    public var unattributedFraction: Double

    /// Attributes `bad` (bad events per bucket start) to `failures` (failed calls per edge
    /// server, per bucket start).
    public static func compute(bad: [Int64: Double], failures: [String: [Int64: Double]]) -> BurnAttribution {
        var attributed: [String: Double] = [:]
        var failedCalls: [String: Double] = [:]
        for (server, buckets) in failures { failedCalls[server] = buckets.values.reduce(0, +) }
        var unattributed = 0.0
        for (bucket, badEvents) in bad where badEvents > 0 {
            let coinciding = failures.compactMap { server, buckets in buckets[bucket].flatMap { $0 > 0 ? (server, $0) : nil } }
            let failed = coinciding.reduce(0) { $0 + $1.1 }
            // Shared in proportion to failures; with fewer failures than bad events each edge
            // explains at most its own failures.
            let scale = failed > badEvents ? badEvents / failed : 1
            for (server, count) in coinciding { attributed[server, default: 0] += count * scale }
            unattributed += badEvents - min(failed, badEvents)
        }
        let total = bad.values.reduce(0) { $0 + max(0, $1) }
        let shares = failedCalls.keys.map { server in
            Share(server: server, failedCalls: failedCalls[server] ?? 0, attributedBadEvents: attributed[server] ?? 0,
                  fraction: total > 0 ? (attributed[server] ?? 0) / total : 0)
        }.sorted { ($0.attributedBadEvents, $1.server) > ($1.attributedBadEvents, $0.server) }
        return BurnAttribution(
            badEvents: total, shares: shares, unattributedBadEvents: unattributed,
            unattributedFraction: total > 0 ? unattributed / total : 0
        )
    }
}
