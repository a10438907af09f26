import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Logging
import NIOCore
import Prometheus
import SextantCore
import ServiceLifecycle

/// Builds Sextant's HTTP application over an environment.
///
/// The engine is not among the application's services: whoever opened it runs it (the
/// `serve` command puts it first in the service group; tests run it beside the app).
public func buildApplication(
    _ environment: AppEnvironment,
    logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: TraceContextMiddleware())
    router.add(middleware: RequestLogMiddleware())
    let requestMetrics = HTTPRequestMetrics(registry: environment.registry)
    router.add(middleware: RequestMetricsMiddleware(metrics: requestMetrics))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: RequestBodyMiddleware(bodies: RequestBodyReader(limit: environment.configuration.maximumBodySize)))

    let configuration = environment.configuration
    let audit = AuditTrail(store: environment.auditStore, key: environment.auditKey)
    let sessions = UISessions()
    let routes = Routes(router: router, guarding: AccessGuard(keys: environment.keyDirectory, audit: audit, logger: logger, sessions: sessions),
                        table: environment.routeTable)
    let graphs = GraphCache(catalog: environment.catalog, rollups: environment.rollups)
    let ingestMetrics = IngestMetrics(registry: environment.registry, emitsServiceGraph: configuration.emitsServiceGraphMetrics)
    environment.metricsBoard.onScrape(begins: ingestMetrics.scrapeBegins, answered: ingestMetrics.scrapeAnswered)
    let pipeline = IngestPipeline(
        store: environment.rollups, clock: environment.clock, configuration: environment.ingestConfiguration,
        metrics: ingestMetrics, logger: logger
    )
    let unreadable = environment.engine.unreadableRows
    environment.metricsBoard.register {
        let counts = unreadable.byTable
        guard !counts.isEmpty else { return "" }
        return "# HELP sextant_store_unreadable_rows_total Stored rows that could not be read back and were skipped.\n"
            + "# TYPE sextant_store_unreadable_rows_total counter\n"
            + counts.keys.sorted().map { "sextant_store_unreadable_rows_total{table=\($0.prometheusQuoted)} \(counts[$0]!)\n" }.joined()
    }
    let monitor = StoreMonitor(engine: environment.engine)
    HealthController(environment: environment, monitor: monitor).addRoutes(to: routes)
    OpenAPIController(table: environment.routeTable).addRoutes(to: routes)
    MetricsController(registry: environment.registry, board: environment.metricsBoard)
        .addRoutes(to: routes, needs: configuration.metricsRequireKey ? .needs(.read) : .open)
    let sampler = configuration.storesTraces
        ? TraceSampler(configuration: configuration, store: environment.spanStore, registry: environment.registry, clock: environment.clock, logger: logger)
        : nil
    OTLPController(
        sampler: sampler, pipeline: pipeline, maximumBodySize: configuration.otlpMaximumBodySize,
        bodies: ByteBudget(total: max(configuration.otlpMaximumBodySize * 4, configuration.ingestMaximumBodyBytes)),
        gate: AdmissionGate(limit: configuration.ingestMaximumConcurrentRequests, maximumWaiting: configuration.ingestMaximumWaitingRequests)
    ).addRoutes(to: routes)
    RollupsController(rollups: environment.rollups, catalog: environment.catalog, clock: environment.clock).addRoutes(to: routes)
    let traceFinder = TraceFinder(store: environment.spanStore, clock: environment.clock, retention: configuration.traceRetention)
    JaegerController(finder: traceFinder, store: environment.spanStore, clock: environment.clock).addRoutes(to: routes)
    TempoController(finder: traceFinder, store: environment.spanStore, clock: environment.clock).addRoutes(to: routes)
    LogIntakeController(intake: LogIntake(store: environment.logStore, clock: environment.clock, labelAttributes: configuration.logLabelAttributes,
                                          maximumStreams: configuration.maximumLogStreams, retention: configuration.logRetention),
                        maximumBodySize: configuration.otlpMaximumBodySize).addRoutes(to: routes)
    LokiQueryController(queries: LogQueries(store: environment.logStore), store: environment.logStore, clock: environment.clock).addRoutes(to: routes)
    let api = routes.group("api/v1")
    CorrelationController(finder: traceFinder, store: environment.spanStore, logs: environment.logStore, clock: environment.clock).addRoutes(to: api)
    KeysController(keys: environment.keyDirectory).addRoutes(to: api.group("auth"))
    AuditController(audit: audit).addRoutes(to: api.group("audit"))
    let catalog = environment.catalog
    let catalogRoutes = api.versioned { try await catalog.revision() }
    ComponentsController(catalog: catalog, graphs: graphs, allowsLinkLocal: configuration.allowsLinkLocalProbes).addRoutes(to: catalogRoutes.group("components"))
    CatalogController(catalog: catalog, allowsLinkLocal: configuration.allowsLinkLocalProbes).addRoutes(to: catalogRoutes.group("catalog"))
    GraphController(graphs: graphs, rollups: environment.rollups, clock: environment.clock).addRoutes(to: api.group("graph"))

    let prometheus = environment.makePrometheusClient()
    let sloSource = SLOSeriesSource(rollups: environment.series, prometheus: prometheus)
    let evaluator = SLOEvaluator(store: environment.slos, source: sloSource, clock: environment.clock,
                                 minuteRetention: configuration.retention.minuteRetention, logger: logger)
    environment.metricsBoard.register { SLOMetrics.exposition(evaluator.snapshot) }
    let sloController = SLOController(store: environment.slos, rollups: environment.rollups, source: sloSource, graphs: graphs, clock: environment.clock)
    sloController.addRoutes(to: api.group("slos"))
    let prober = HealthProber(catalog: environment.catalog, store: environment.alertingStore, transport: environment.http,
                              timeout: configuration.probeTimeout,
                              clock: environment.clock)
    environment.metricsBoard.register { prober.exposition }
    let routing = try RoutingFile.load(path: configuration.alertingConfigPath)
    try OperationalCheckController.make(configuration: configuration, environment: environment, routing: routing.configuration).addRoutes(to: api)
    let deploymentLedger = DeploymentLedger(store: environment.deployments, clock: environment.clock)
    let releases = ReleaseHistory(ledger: deploymentLedger, catalog: environment.catalog, alerting: environment.alertingStore)
    let externalURL = configuration.externalURL ?? "\(configuration.tlsCertificatePath == nil ? "http" : "https")://\(configuration.host):\(configuration.port)"
    let alerting = Alerting(
        store: environment.alertingStore,
        source: RuleSampleSource(rollups: environment.rollups, catalog: environment.catalog, alerting: environment.alertingStore,
                                 prometheus: prometheus, objectives: { evaluator.objectives }, logs: LogQueries(store: environment.logStore)),
        sender: NotificationSender(registry: environment.registry, transport: environment.http, logger: logger),
        routing: routing.configuration,
        fileGroups: try RuleFiles.load(directory: configuration.rulesDirectory),
        externalURL: externalURL,
        sharesStore: environment.engine.kind == .postgres,
        dependencyGraph: { try await graphs.impactGraph(includingObserved: true) },
        recentChanges: { since in try await releases.changes(since: since, until: environment.clock.now()) },
        clock: environment.clock, logger: logger
    )
    environment.alerting.attach(alerting)
    AlertingController(alerting: alerting, store: environment.alertingStore, clock: environment.clock).addRoutes(to: api)
    RulesController(alerting: alerting, store: environment.alertingStore, hasPrometheus: prometheus != nil,
                    clock: environment.clock).addRoutes(to: api.group("rules"))
    HealthChecksController(prober: prober, store: environment.alertingStore).addRoutes(to: api.group("health-checks"))
    let leadership = Leadership(
        store: environment.cluster, jobs: environment.jobRuns, isReplicated: environment.engine.kind == .postgres,
        ttl: configuration.leaderLease, clock: environment.clock, logger: logger
    )
    let scheduler = Scheduler(
        jobs: try SextantJobs.make(configuration: configuration, rollups: environment.rollups, prometheus: prometheus,
                                   evaluator: evaluator, prober: prober, clock: environment.clock, logger: logger),
        store: environment.jobRuns, leadership: leadership, clock: environment.clock,
        grace: .milliseconds(Int(configuration.jobShutdownGrace * 1000)), history: configuration.jobHistory, logger: logger
    )
    var services: [any Service] = [monitor, pipeline, alerting.intake.commits, ShutdownAction { await prometheus?.shutdown() }, leadership, scheduler]
    if let sampler { services.insert(sampler, at: 1) }
    services.append(TelemetryRetention(spans: environment.spanStore, logs: environment.logStore, traceRetention: configuration.traceRetention,
                                       logRetention: configuration.logRetention, clock: environment.clock, logger: logger))
    if let tick = configuration.alertingTick {
        let replicated = environment.engine.kind == .postgres
        services.append(AlertingService(alerting: alerting, interval: tick,
                                        isLeader: { !replicated || leadership.isLeader }))
    }
    let deploymentMetrics = DeploymentMetrics()
    environment.metricsBoard.register { deploymentMetrics.exposition }
    let deploymentsController = DeploymentsController(
        ledger: deploymentLedger, catalog: environment.catalog, rollups: environment.rollups,
        timeIntervals: { Set(alerting.routing.timeIntervals.keys) },
        objectiveIDs: { Set(try await environment.slos.list().map(\.slo.id)) }, audit: audit
    )
    deploymentsController.addRoutes(to: api.group("deployments"))
    let workflowLedger = WorkflowLedger(store: environment.workflows, clock: environment.clock)
    WorkflowsController(ledger: workflowLedger, deployments: deploymentsController, graphs: graphs)
        .addRoutes(to: api.group("orchestration/workflows"))
    let replicatedStore = environment.engine.kind == .postgres
    let gateWorld = GateWorld(objectives: { evaluator.objectives }, alerts: { alerting.held.all },
                              graph: { try await graphs.impactGraph(includingObserved: true) }, timeIntervals: { alerting.routing.timeIntervals })
    services.append(WorkflowRunner(ledger: workflowLedger, deployments: deploymentsController, transport: environment.http, world: gateWorld,
                                   interval: configuration.deploymentTick, isLeader: { !replicatedStore || leadership.isLeader }, logger: logger))
    let delivery = DeliveryController(history: releases, graphs: graphs, clock: environment.clock)
    delivery.addRoutes(to: api)
    let configurationChanges = ConfigurationChanges(store: environment.configurationStore, logger: logger)
    services.append(configurationChanges)
    environment.metricsBoard.register { configurationChanges.exposition }
    let vault = SecretVault(store: environment.secretStore, seal: environment.secretSeal, clock: environment.clock)
    let environmentAccess = EnvironmentAccess(store: environment.configurationStore, audit: audit, clock: environment.clock)
    EnvironmentsController(store: environment.configurationStore, clock: environment.clock).addRoutes(to: api.group("environments"))
    ConfigurationController(
        store: environment.configurationStore, access: environmentAccess,
        rules: ConfigurationRules(store: environment.configurationStore, secrets: environment.secretStore,
                                  policy: SecretKeyPolicy(words: configuration.secretKeyWords), vaultConfigured: environment.vaultClient != nil),
        changes: configurationChanges,
        resolver: ConfigurationResolver(vault: vault, kv: environment.vaultClient.map(VaultKV.init), audit: audit, access: environmentAccess,
                                        clock: environment.clock),
        clock: environment.clock
    ).addRoutes(to: api.group("configuration"))
    ConfigurationSchemasController(store: environment.configurationStore, clock: environment.clock).addRoutes(to: api.group("configuration-schemas"))
    SecretsController(vault: vault, access: environmentAccess, clock: environment.clock).addRoutes(to: api.group("secrets"))
    KeyringController(vault: vault).addRoutes(to: api.group("keyring"))
    let doraMetrics = DORAMetrics(history: releases, clock: environment.clock, logger: logger)
    environment.metricsBoard.register { doraMetrics.exposition }
    services.append(doraMetrics)
    services.append(DeploymentRunner(
        ledger: deploymentLedger, measurer: MetricMeasurer(rollups: environment.rollups, prometheus: prometheus, transport: environment.http),
        transport: environment.http, prober: prober,
        world: gateWorld,
        metrics: deploymentMetrics, interval: configuration.deploymentTick,
        isLeader: { !replicatedStore || leadership.isLeader }, logger: logger,
        onPhaseChange: { state, previous in
            let alerts = DeploymentAnnouncement.alerts(for: state, previousPhase: previous, at: environment.clock.now(), externalURL: externalURL)
            do {
                try await alerting.accept(alerts)
            } catch {
                logger.warning("announcing a deployment's phase failed", metadata: ["error": "\(error)"])
            }
        }
    ))
    JobsController(scheduler: scheduler, runs: environment.jobRuns).addRoutes(to: api.group("jobs"))
    let uiSources = UISources(
        rollups: environment.rollups, series: environment.series, catalog: environment.catalog, objectives: environment.slos,
        objectiveStatus: { try await sloController.currentStatus(of: $0) }, alerts: { alerting.held.all },
        alertStatuses: { try await alerting.alertListing().statuses(matching: []) }, alertingStore: environment.alertingStore,
        deployments: environment.deployments, graph: { try await graphs.impactGraph(includingObserved: true) }, merged: { try await graphs.merged().graph },
        spans: environment.spanStore, finder: traceFinder, logs: LogQueries(store: environment.logStore), clock: environment.clock
    )
    GrafanaController(sources: uiSources).addRoutes(to: api)
    UIController(
        sources: uiSources, deployments: deploymentsController, delivery: delivery, workflows: environment.workflows, slos: sloController,
        configuration: ConfigurationPage(store: environment.configurationStore, vault: vault, audit: audit, clock: environment.clock), sessions: sessions, keys: environment.keyDirectory, audit: audit,
        secure: configuration.tlsCertificatePath != nil,
        oidc: configuration.oidcIssuer.map { issuer in
            OIDCClient(settings: .init(issuer: issuer, clientID: configuration.oidcClientID ?? "sextant", clientSecret: configuration.oidcClientSecret,
                                       roleClaim: configuration.oidcRoleClaim, redirectURI: externalURL + "/ui/oidc/callback"),
                       transport: environment.http, clock: environment.clock)
        }
    ).addRoutes(to: routes)
    ClusterController(leadership: leadership, cluster: environment.cluster, clock: environment.clock).addRoutes(to: routes)
    AlertmanagerAPIController(alerting: alerting, store: environment.alertingStore, cluster: environment.cluster, leadership: leadership,
                              configurationText: RedactedAlertingConfig.redact(routing.text), clock: environment.clock).addRoutes(to: routes)
    try environment.routeTable.requireDeclarations(for: router)

    let certificate = try configuration.tlsCertificatePath.map { try ServingCertificate(certificatePath: $0, keyPath: configuration.tlsKeyPath ?? "") }
    if let certificate { services.append(CertificateReloader(certificate: certificate, logger: logger)) }
    let slowRequests = environment.registry.counter("sextant_http_slow_requests_closed_total", help: "Connections closed because a request body arrived too slowly.")
    let bodyTimeout = TimeAmount.milliseconds(Int64(configuration.bodyTimeout * 1000))
    let http1 = HTTPServerBuilder.http1(configuration: .init(
        additionalChannelHandlers: [
            RequestDeadlineHandler(bodyTimeout: bodyTimeout) { slowRequests.increment() },
            HealthFastPath(metrics: requestMetrics) { probe in
                monitor.lastProblem.map { HealthController.report(probe, environment: environment, storeProblem: $0) }
            },
        ],
        idleTimeout: .milliseconds(Int64(configuration.headerTimeout * 1000))
    ))
    let server = try certificate.map {
        try HTTPServerBuilder.tls(http1, tlsConfiguration: $0.serverConfiguration(minimum: configuration.tlsMinimumVersion == "1.2" ? .tlsv12 : .tlsv13))
    } ?? http1
    return Application(
        router: router,
        server: server,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        // Stopped in reverse order after the HTTP server: alerting's ticks and flushes, the
        // scheduler (waiting for its runs), leadership (handing the lease over), the Prometheus
        // client, then the alerts' and the pipeline's commits (so that requests in flight are
        // committed).
        services: services,
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
        eventLoopGroupProvider: .shared(ServerEventLoops.group),
        logger: logger
    )
}

/// Builds the application of the optional metrics-only listener.
func buildMetricsApplication(
    registry: PrometheusCollectorRegistry,
    board: MetricsBoard,
    host: String,
    port: Int,
    logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void
) -> some ApplicationProtocol {
    let router = Router(context: BasicRequestContext.self)
    MetricsController(registry: registry, board: board).addRoutes(to: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(host, port: port), serverName: nil),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
        logger: logger
    )
}
