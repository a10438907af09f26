/// Rate, errors and duration over a window, as the API reports them.
public struct REDSummary: Sendable, Equatable {
    /// The window's length, in seconds.
    public var windowSeconds: Double
    /// Requests counted in the window.
    public var requests: Int64
    /// Failed requests in the window.
    public var errors: Int64
    /// Requests per second over the window.
    public var rate: Double { windowSeconds > 0 ? Double(requests) / windowSeconds : 0 }
    /// Failed share of requests; `nil` without requests.
    public var errorRatio: Double? { requests > 0 ? Double(errors) / Double(requests) : nil }
    /// Estimated median, 95th and 99th percentile durations in seconds; `nil` without requests.
    public var p50: Double?
    public var p95: Double?
    public var p99: Double?
    /// The durations, for other quantiles.
    public var latency: LatencyHistogram

    /// Summarizes counts and a latency histogram over a window.
    public init(windowSeconds: Double, requests: Int64, errors: Int64, latency: LatencyHistogram) {
        self.windowSeconds = windowSeconds
        self.requests = requests
        self.errors = errors
        self.latency = latency
        self.p50 = latency.quantile(0.50)
        self.p95 = latency.quantile(0.95)
        self.p99 = latency.quantile(0.99)
    }

    /// Summarizes operation rollups.
    public init(windowSeconds: Double, rollups: some Sequence<OperationRollup>) {
        var total = OperationRollup()
        for rollup in rollups { total.merge(rollup) }
        self.init(windowSeconds: windowSeconds, requests: total.requests, errors: total.errors, latency: total.latency)
    }

    /// Summarizes edge rollups.
    public init(windowSeconds: Double, rollups: some Sequence<EdgeRollup>) {
        var total = EdgeRollup()
        for rollup in rollups { total.merge(rollup) }
        self.init(windowSeconds: windowSeconds, requests: total.requests, errors: total.errors, latency: total.latency)
    }
}
