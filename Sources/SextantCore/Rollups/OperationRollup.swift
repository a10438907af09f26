/// Rate, errors and duration of one operation (or one edge) in one time bucket.
public struct OperationRollup: Sendable, Equatable {
    /// Spans counted.
    public var requests: Int64 = 0
    /// Spans whose status was ERROR.
    public var errors: Int64 = 0
    /// Spans that answered an HTTP 5xx.
    public var serverErrors: Int64 = 0
    /// Their durations.
    public var latency = LatencyHistogram()

    /// An empty rollup.
    public init() {}

    /// A rollup with the given figures.
    public init(requests: Int64, errors: Int64, serverErrors: Int64, latency: LatencyHistogram) {
        self.requests = requests
        self.errors = errors
        self.serverErrors = serverErrors
        self.latency = latency
    }

    /// Adds another rollup's figures.
    public mutating func merge(_ other: OperationRollup) {
        requests += other.requests
        errors += other.errors
        serverErrors += other.serverErrors
        latency.merge(other.latency)
    }
}
extension OperationRollup {
    mutating func add(_ span: Span) {
        requests += 1
        if span.isError { errors += 1 }
        if span.isHTTPServerError { serverErrors += 1 }
        latency.record(span.durationSeconds)
    }
}
