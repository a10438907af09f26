/// Turns `traces_service_graph_*` series read from Prometheus into edges, whichever producer
/// wrote them: Grafana Tempo's metrics-generator (`virtual_node` label, `_failed_total` twin) or
/// the OpenTelemetry Collector's servicegraph connector (`failed` label, `client_`/`server_`
/// dimensions, which grouping ignores).
public enum ServiceGraphImport {
    /// One edge read from Prometheus over a window.
    public struct Edge: Sendable, Equatable {
        public var client: String
        public var server: String
        public var connectionType: ConnectionType
        /// Asynchronous when the connection type names messaging, a queue or async.
        public var isAsynchronous: Bool
        public var requests: Double
        public var failures: Double
    }

    /// What was left out, and why.
    public struct Skipped: Sendable, Equatable {
        /// Series whose client and server are the same.
        public var selfLoops = 0
        /// Series without a `client` or a `server` label.
        public var missingEndpoint = 0
        /// Series with no requests in the window.
        public var idle = 0

        public init() {}

        public var total: Int { selfLoops + missingEndpoint + idle }
    }

    /// The PromQL of the request totals per edge over `window` (`15m`).
    public static func totalsQuery(prefix: String, window: String) -> String {
        "sum by (client, server, connection_type, virtual_node) (increase(\(prefix)traces_service_graph_request_total[\(window)]))"
    }

    /// The PromQL of failures per edge, for producers with a `_failed_total` twin (Tempo, Collector).
    public static func failuresQuery(prefix: String, window: String) -> String {
        "sum by (client, server, connection_type, virtual_node) (increase(\(prefix)traces_service_graph_request_failed_total[\(window)]))"
    }

    /// The PromQL of failures per edge, for producers marking them with a `failed` label.
    public static func failedLabelQuery(prefix: String, window: String) -> String {
        "sum by (client, server, connection_type, virtual_node) (increase(\(prefix)traces_service_graph_request_total{failed=\"true\"}[\(window)]))"
    }

    /// The edges of `totals`, with their failures, and what was skipped.
    public static func edges(
        totals: [(labels: [String: String], value: Double)],
        failures: [(labels: [String: String], value: Double)]
    ) -> (edges: [Edge], skipped: Skipped) {
        struct Key: Hashable {
            let client: String
            let server: String
            let connectionType: ConnectionType
        }
        func key(_ labels: [String: String]) -> Key? {
            guard let client = labels["client"], !client.isEmpty, let server = labels["server"], !server.isEmpty else { return nil }
            let label = labels["connection_type"] ?? ""
            var type = ConnectionType(prometheusLabel: label)
            if type == .direct, isAsynchronous(label) { type = .messagingSystem }  // a producer's own name for it
            if type == .direct, let virtual = labels["virtual_node"], !virtual.isEmpty { type = .virtualNode }
            return Key(client: client, server: server, connectionType: type)
        }
        var failed: [Key: Double] = [:]
        for series in failures { if let key = key(series.labels) { failed[key, default: 0] += series.value } }
        var skipped = Skipped()
        var merged: [Key: (requests: Double, asynchronous: Bool)] = [:]
        for series in totals {
            guard let key = key(series.labels) else {
                skipped.missingEndpoint += 1
                continue
            }
            guard key.client != key.server else {
                skipped.selfLoops += 1
                continue
            }
            guard series.value > 0 else {
                skipped.idle += 1
                continue
            }
            let asynchronous = isAsynchronous(series.labels["connection_type"] ?? "")
            merged[key, default: (0, asynchronous)].requests += series.value
        }
        let edges = merged.map { key, entry in
            Edge(client: key.client, server: key.server, connectionType: key.connectionType, isAsynchronous: entry.asynchronous,
                 requests: entry.requests, failures: failed[key] ?? 0)
        }.sorted { ($0.client, $0.server, $0.connectionType.rawValue) < ($1.client, $1.server, $1.connectionType.rawValue) }
        return (edges, skipped)
    }

    /// Whether a connection type names asynchronous communication.
    public static func isAsynchronous(_ connectionType: String) -> Bool {
        let lowered = connectionType.lowercased()
        return ["messaging", "queue", "async"].contains { lowered.contains($0) }
    }
}
