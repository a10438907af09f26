/// Calls along one edge in one time bucket, with the latency seen from each side.
public struct EdgeRollup: Sendable, Equatable {
    /// Calls counted.
    public var requests: Int64 = 0
    /// Calls where either side failed.
    public var errors: Int64 = 0
    /// Durations of server spans (only calls whose server was seen).
    public var serverLatency = LatencyHistogram()
    /// Durations of client spans (only calls whose client was seen).
    public var clientLatency = LatencyHistogram()

    /// An empty rollup.
    public init() {}

    /// A rollup with the given figures.
    public init(requests: Int64, errors: Int64, serverLatency: LatencyHistogram, clientLatency: LatencyHistogram) {
        self.requests = requests
        self.errors = errors
        self.serverLatency = serverLatency
        self.clientLatency = clientLatency
    }

    /// Adds another rollup's figures.
    public mutating func merge(_ other: EdgeRollup) {
        requests += other.requests
        errors += other.errors
        serverLatency.merge(other.serverLatency)
        clientLatency.merge(other.clientLatency)
    }

    /// The latency to report for the edge: the server's view when it was seen, else the client's.
    public var latency: LatencyHistogram {
        serverLatency.count > 0 ? serverLatency : clientLatency
    }
}
extension EdgeRollup {
    mutating func add(_ edge: EdgeObservation) {
        requests += 1
        if edge.isFailed { errors += 1 }
        if let seconds = edge.serverSeconds { serverLatency.record(seconds) }
        if let seconds = edge.clientSeconds { clientLatency.record(seconds) }
    }
}
