#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging
import Crypto
import Foundation
import NIOCore
import Prometheus
import SextantStorage
import ServiceLifecycle

/// Runs `sextant serve`: opens the store, applies migrations, then serves until SIGINT or
/// SIGTERM, shutting down gracefully (requests in flight finish, then the store closes).
public enum SextantServer {
    /// Serves with `configuration` until a shutdown signal; throws a one-line error when the
    /// configuration cannot be used (an unreachable database, a port in use).
    public static func serve(
        configuration: ServerConfiguration,
        logger: Logger,
        registry: PrometheusCollectorRegistry,
        onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) async throws {
        // Key files are checked before the store opens: a bad one stops the start with its reason.
        let masterKey = configuration.vaultTransitKey == nil ? try MasterKey.configured(configuration, variables: ProcessInfo.processInfo.environment) : nil
        let location = try DatabaseLocation.resolve(url: configuration.databaseURL, dataDirectory: configuration.dataDirectory)
        let engine = try await SQLEngines.open(location, logger: logger)
        let outcome = try await Migrator(engine: engine, logger: logger).migrate()
        logger.info("store ready", metadata: [
            "store.kind": .string(location.kind.rawValue),
            "store.location": .string(describe(location)),
            "store.schema_version": .stringConvertible(outcome.currentVersion),
        ])

        var environment = AppEnvironment(configuration: configuration, engine: engine, registry: registry)
        environment.auditKey = try AccessFiles.auditKey(configuration)
        environment.secretSeal = await SecretSeal.resolve(environment, masterKey: masterKey, logger: logger)
        environment.readiness.markMigrated()
        let host = configuration.host
        let demo = configuration.runsDemo ? DemoTraffic(catalog: environment.catalog, transport: environment.http, keys: environment.keyDirectory,
                                                        clock: environment.clock, logger: logger) : nil
        let api = try buildApplication(environment, logger: logger) { port in
            logger.info("listening", metadata: ["listener": "api", "address": .string(host), "port": .stringConvertible(port)])
            let scheme = configuration.tlsCertificatePath == nil ? "http" : "https"
            let shown = host.contains(":") ? "[\(host)]" : host
            logger.notice("the web UI is ready", metadata: ["url": .string("\(scheme)://\(shown):\(port)/ui/")])
            demo?.serverIsListening(on: port)
            await onListening("api", port)
        }
        let bootstrapped = environment
        var services: [any Service] = [engine, Listener(application: api, address: "\(host):\(configuration.port)") {
            _ = try await AdminBootstrap.ensureAdminKey(bootstrapped, logger: logger)
        }]
        if let metricsPort = configuration.metricsPort {
            let metrics = buildMetricsApplication(registry: registry, board: environment.metricsBoard, host: host, port: metricsPort, logger: logger) { port in
                logger.info("listening", metadata: ["listener": "metrics", "address": .string(host), "port": .stringConvertible(port)])
                await onListening("metrics", port)
            }
            services.append(Listener(application: metrics, address: "\(host):\(metricsPort)"))
        }
        if let demo { services.append(demo) }
        // Last, so that they are told first: /ready turns 503 before the listeners drain.
        services.append(ReadinessService(readiness: environment.readiness))
        let grace = Duration.milliseconds(Int64(configuration.shutdownGrace * 1000))
        services.append(ShutdownDeadline(grace: grace, logger: logger))
        var groupConfiguration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger
        )
        // Shutdown ends in time whatever the store or a peer does: after the grace period the
        // services are cancelled, and a few seconds after that `ShutdownDeadline` ends the
        // process (instead of the group's own deadline, which ends it with a crash).
        groupConfiguration.maximumGracefulShutdownDuration = grace
        groupConfiguration.maximumCancellationDuration = nil
        try await ServiceGroup(configuration: groupConfiguration).run()
        logger.info("stopped")
    }

    private static func describe(_ location: DatabaseLocation) -> String {
        switch location {
        case .sqlite(let path): return path
        case .postgres(let settings): return "\(settings.host):\(settings.port)/\(settings.database)"
        }
    }
}
