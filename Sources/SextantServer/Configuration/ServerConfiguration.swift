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
    /// The largest request body the API accepts, in bytes.
    public var maximumBodySize: Int = 4 * 1024 * 1024
    /// The least severe level that is logged.
    public var logLevel: Logger.Level = .info

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
