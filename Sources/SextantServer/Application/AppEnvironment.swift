import Foundation
import Prometheus
import SextantCore
import SextantStorage

/// What the application is built from: its configuration, its store and its outside effects.
public struct AppEnvironment: Sendable {
    /// The resolved configuration.
    public var configuration: ServerConfiguration
    /// The database engine (already migrated).
    public var engine: any SQLEngine
    /// The component registry.
    public var catalog: any CatalogStore
    /// Where metrics are recorded and exposed from.
    public var registry: PrometheusCollectorRegistry
    /// The clock.
    public var clock: any WallClock
    /// Whether this replica should receive traffic.
    public var readiness: Readiness
    /// When the server started, for `uptimeSeconds`.
    public var startedAt: Date

    /// Creates an environment over `engine`, with the stores built on it.
    public init(
        configuration: ServerConfiguration,
        engine: any SQLEngine,
        registry: PrometheusCollectorRegistry,
        clock: any WallClock = SystemClock(),
        readiness: Readiness = Readiness()
    ) {
        self.configuration = configuration
        self.engine = engine
        self.catalog = SQLCatalogStore(engine: engine, clock: clock)
        self.registry = registry
        self.clock = clock
        self.readiness = readiness
        self.startedAt = clock.now()
    }
}

/// Sextant's version.
public enum SextantVersion {
    /// The version string reported by `/health` and `--version`.
    public static let current = "0.1.0"
}
