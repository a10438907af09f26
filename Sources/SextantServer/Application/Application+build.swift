import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// Builds Sextant's HTTP application over an environment.
///
/// The engine is not among the application's services: whoever opened it runs it (the
/// `serve` command puts it first in the service group; tests run it beside the app).
public func buildApplication(
    _ environment: AppEnvironment,
    logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: TraceContextMiddleware())
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: RequestMetricsMiddleware(registry: environment.registry))
    router.add(middleware: ErrorMiddleware())

    let graphs = GraphCache(catalog: environment.catalog)
    let bodies = RequestBodyReader(limit: environment.configuration.maximumBodySize)
    HealthController(environment: environment).addRoutes(to: router)
    MetricsController(registry: environment.registry).addRoutes(to: router)
    let api = router.group("api/v1")
    ComponentsController(catalog: environment.catalog, graphs: graphs, bodies: bodies).addRoutes(to: api.group("components"))
    CatalogController(catalog: environment.catalog, bodies: bodies).addRoutes(to: api.group("catalog"))
    GraphController(graphs: graphs).addRoutes(to: api.group("graph"))

    let configuration = environment.configuration
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: [ReadinessService(readiness: environment.readiness)],
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Builds the application of the optional metrics-only listener.
func buildMetricsApplication(
    registry: PrometheusCollectorRegistry,
    host: String,
    port: Int,
    logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void
) -> some ApplicationProtocol {
    let router = Router(context: BasicRequestContext.self)
    MetricsController(registry: registry).addRoutes(to: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(host, port: port), serverName: nil),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
        logger: logger
    )
}
