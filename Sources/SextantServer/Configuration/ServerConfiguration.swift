import Logging

/// Everything `sextant serve` needs to know, resolved from flags, `SEXTANT_*` environment
/// variables and an optional YAML file, in that order of precedence.
public struct ServerConfiguration: Sendable, Equatable {
    /// The address the API listens on.
    public var host: String = "127.0.0.1"
    /// The API port; `0` picks a free one (the log's `listening` line says which).
    public var port: Int = 8080
    /// Where the embedded database and other local state live.
    public var dataDirectory: String = "./.sextant"
    /// `postgres://...` to use PostgreSQL; `nil` for the SQLite file in the data directory.
    public var databaseURL: String?
    /// A second port serving only `/metrics`, if set.
    public var metricsPort: Int?
    /// The largest API request body accepted, in bytes.
    public var maximumBodySize: Int = 4 * 1024 * 1024
    /// The least severe level that is logged.
    public var logLevel: Logger.Level = .info
    /// The largest OTLP export body accepted, compressed and decompressed, in bytes.
    public var otlpMaximumBodySize: Int = 16 * 1024 * 1024
    /// How long an unpaired span half waits for its partner, in seconds.
    public var serviceGraphWait: Double = 10
    /// The most span halves waiting at once.
    public var serviceGraphMaximumPending: Int = 100_000
    /// The most spans accepted but not yet committed; beyond, exports get 503.
    public var ingestMaximumQueuedSpans: Int = 200_000
    /// The most export requests handled at once; beyond, exports get 503 before their body is read.
    public var ingestMaximumConcurrentRequests: Int = 32
    /// How long 1-minute rollups are kept, in seconds.
    public var rollupMinuteRetention: Double = 8 * 86_400
    /// How long 1-hour rollups are kept, in seconds.
    public var rollupHourRetention: Double = 400 * 86_400
    /// Whether `/metrics` carries Tempo's `traces_service_graph_*` series.
    public var emitsServiceGraphMetrics = false
    /// Whether a built-in simulator sends demo traffic to this server.
    public var runsDemo = false

    /// The defaults: a laptop setup with nothing else installed.
    public init() {}
}

/// A configuration that cannot be used, with a one-line reason.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}
