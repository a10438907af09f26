import Crypto
import Foundation
import Logging
import Prometheus
import SextantCore
import SextantOutbound
import SextantStorage
import SextantWire

/// What the application is built from: its configuration, its stores and its outside effects.
public struct AppEnvironment: Sendable {
    /// The resolved configuration.
    public var configuration: ServerConfiguration
    /// The database engine (already migrated).
    public var engine: any SQLEngine
    /// The component registry.
    public var catalog: any CatalogStore
    /// RED rollups and observed edges.
    public var rollups: any RollupStore
    /// Job runs.
    public var jobRuns: any JobStore
    /// Replicas and leases.
    public var cluster: any ClusterStore
    /// Where metrics are recorded and exposed from.
    public var registry: PrometheusCollectorRegistry
    /// The clock.
    public var clock: any WallClock
    /// Whether this replica should receive traffic.
    public var readiness: Readiness
    /// When the server started, for `uptimeSeconds`.
    public var startedAt: Date
    /// Objectives and their alert states.
    public var slos: any SLOStore
    /// Rollups as time series.
    public var series: any RollupSeriesStore
    /// Series computed at scrape time, added to `/metrics` by every listener.
    public var metricsBoard: MetricsBoard
    /// Rules, alerts, silences, notifications and health probes.
    public var alertingStore: any AlertingStore
    /// The running alerting, once the application is built.
    public var alerting: AlertingHandle
    /// Outbound HTTP: probes, notifications, the demo.
    public var http: any HTTPTransport
    /// API keys' records.
    public var apiKeys: any APIKeyStore
    /// The audit trail's records.
    public var auditStore: any AuditStore
    /// Deployments, their events and measurements.
    public var deployments: any DeploymentStore
    /// Workflows and their events.
    public var workflows: any WorkflowStore
    /// Environments, configuration versions and schemas.
    public var configurationStore: any ConfigurationStore
    /// Kept traces and log lines, in tables per time bucket.
    public var spanStore: any SpanStore
    public var logStore: any LogStore
    /// Secret versions (ciphertext only) and the sealed keyring.
    public var secretStore: any SecretStore
    /// Whether secrets can be served, and with which key-encryption keys: a keyring sealed by a
    /// random master key of this process unless `serve` resolves the real one.
    var secretSeal: SecretSeal
    /// The key the audit trail is sealed with: never stored in the database. A random one
    /// unless the caller sets it (`serve` reads it from its file).
    public var auditKey: [UInt8]
    /// The keys requests present, cached, and the keys of this process only.
    let keyDirectory: KeyDirectory
    /// Every route's declared access, filled when the application is built.
    public let routeTable = RouteTable()

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
        let rollups = SQLRollupStore(engine: engine)
        self.rollups = rollups
        self.series = rollups
        self.slos = SQLSLOStore(engine: engine)
        self.metricsBoard = MetricsBoard()
        self.alertingStore = SQLAlertingStore(engine: engine)
        self.alerting = AlertingHandle()
        self.http = LiveHTTPTransport(allowsLinkLocal: configuration.allowsLinkLocalProbes)
        self.jobRuns = SQLJobStore(engine: engine)
        self.cluster = SQLClusterStore(engine: engine)
        self.registry = registry
        self.clock = clock
        let apiKeys = SQLAPIKeyStore(engine: engine)
        self.apiKeys = apiKeys
        self.auditStore = SQLAuditStore(engine: engine)
        self.deployments = SQLDeploymentStore(engine: engine)
        self.workflows = SQLWorkflowStore(engine: engine)
        self.configurationStore = SQLConfigurationStore(engine: engine)
        self.spanStore = SQLSpanStore(engine: engine, retention: configuration.traceRetention)
        self.logStore = SQLLogStore(engine: engine, retention: configuration.logRetention)
        let secretStore = SQLSecretStore(engine: engine)
        self.secretStore = secretStore
        self.secretSeal = .open(BuiltinKeyring(store: secretStore, masterKey: SymmetricKey(size: .bits256)))
        var random = SystemRandomNumberGenerator()
        self.auditKey = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        self.keyDirectory = KeyDirectory(store: apiKeys, clock: clock, logger: Logger(label: "sextant.access"))
        self.readiness = readiness
        self.startedAt = clock.now()
    }

    /// The ingest pipeline's limits, from the configuration.
    var ingestConfiguration: IngestPipeline.Configuration {
        var ingest = IngestPipeline.Configuration()
        ingest.pairing = .init(wait: configuration.serviceGraphWait, maximumPending: configuration.serviceGraphMaximumPending)
        ingest.maximumQueuedSpans = configuration.ingestMaximumQueuedSpans
        // Check for expired halves often enough that none waits much longer than its wait.
        ingest.expiryInterval = .milliseconds(Int(min(1_000, max(10, configuration.serviceGraphWait * 250))))
        return ingest
    }
}

extension AppEnvironment {
    /// Vault's API, when `--vault-url` is given.
    var vaultClient: VaultClient? {
        guard let url = configuration.vaultURL.flatMap(URL.init(string:)), let token = configuration.vaultToken else { return nil }
        return VaultClient(baseURL: url, token: token, transport: http)
    }

    /// The Prometheus client, if a Prometheus is configured.
    func makePrometheusClient() -> PrometheusClient? {
        guard let url = configuration.prometheusURL else { return nil }
        let authentication: PrometheusClient.Authentication
        if let token = configuration.prometheusBearerToken {
            authentication = .bearer(token.revealed)
        } else if let basic = configuration.prometheusBasicAuth ?? configuration.prometheusURLCredentials {
            authentication = .basic(username: basic.username, password: basic.password.revealed)
        } else {
            authentication = .none
        }
        return PrometheusClient(configuration: .init(
            baseURL: url, authentication: authentication, timeout: .milliseconds(Int(configuration.prometheusTimeout * 1000)),
            attempts: configuration.prometheusAttempts, backoff: .milliseconds(Int(configuration.prometheusBackoff * 1000))
        ))
    }
}
