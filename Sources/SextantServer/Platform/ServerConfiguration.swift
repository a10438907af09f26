import Logging
import SextantCore

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
    /// How long a connection may take to send a complete request head, or stay idle between
    /// requests, in seconds.
    public var headerTimeout: Double = 10
    /// How long a request's body may take to arrive in full after its head, in seconds.
    public var bodyTimeout: Double = 30
    /// The least severe level that is logged.
    public var logLevel: Logger.Level = .info
    /// How log lines are written (`--log-format`): text at a terminal, JSON otherwise, unless set.
    public var logFormat: JSONLogHandler.Format = .auto
    /// The largest OTLP export body accepted, compressed and decompressed, in bytes.
    public var otlpMaximumBodySize: Int = 16 * 1024 * 1024
    /// How long an unpaired span half waits for its partner, in seconds.
    public var serviceGraphWait: Double = 10
    /// The most span halves waiting at once.
    public var serviceGraphMaximumPending: Int = 100_000
    /// The most spans accepted but not yet committed; beyond, exports get 503.
    public var ingestMaximumQueuedSpans: Int = 200_000
    /// The most export requests handled at once (read, decoded, waiting for their commit):
    /// group commit serves many at once, so more in flight means more per commit.
    public var ingestMaximumConcurrentRequests: Int = 1_024
    /// The most export requests waiting for one of those places, first come first served;
    /// beyond, exports get 503 at once.
    public var ingestMaximumWaitingRequests: Int = 1_024
    /// The most bytes of export bodies being received at once (at least four of the largest
    /// body); beyond, exports get 503 before their body is read.
    public var ingestMaximumBodyBytes: Int = 256 * 1024 * 1024
    /// How long 1-minute rollups are kept, in seconds.
    public var rollupMinuteRetention: Double = 8 * 86_400
    /// How long 1-hour rollups are kept, in seconds.
    public var rollupHourRetention: Double = 400 * 86_400
    /// Whether `/metrics` carries Tempo's `traces_service_graph_*` series.
    public var emitsServiceGraphMetrics = false
    /// The PEM certificate chain and key to serve HTTPS with; plain HTTP without them.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// The oldest TLS version accepted, `1.3` or `1.2`.
    public var tlsMinimumVersion = "1.3"
    /// Whether `/metrics` on the API's port needs a key that may read.
    public var metricsRequireKey = false
    /// A file holding the first admin key (`sxk_…`), for deployments that provision it; `nil`
    /// to make a new one and write it to `admin.key`.
    public var adminKeyFile: String?
    /// The file holding the audit trail's key; `nil` for `audit.key` in the data directory.
    public var auditKeyFile: String?
    /// The master key that seals the secrets' keyring (`--master-key-file`); also
    /// `SEXTANT_MASTER_KEY`, or `<data-dir>/master.key`.
    public var masterKeyFile: String?
    /// Vault's (or OpenBao's) address, for `vaultRef` references and transit.
    public var vaultURL: String?
    /// The token Sextant presents to Vault (`--vault-token-file`, or `SEXTANT_VAULT_TOKEN`).
    public var vaultToken: Secret?
    /// The transit key that wraps secrets' data keys instead of the built-in keyring.
    public var vaultTransitKey: String?
    /// Where transit is mounted (default `transit`).
    public var vaultTransitMount = "transit"
    /// Names that say a configuration key holds a secret (`--secret-key-words`).
    public var secretKeyWords: Set<String> = SecretKeyPolicy.defaultWords
    /// OpenID Connect sign-in for the web UI: the provider's issuer URL, this client's id and
    /// secret, and the ID token claim that names a Sextant role.
    public var oidcIssuer: String?
    public var oidcClientID: String?
    public var oidcClientSecret: Secret?
    public var oidcRoleClaim = "sextant_role"
    /// Whether raw spans are kept (sampled) for trace search (`--trace-storage`, default on).
    public var storesTraces = true
    /// Tail sampling: which traces' spans are kept, how long a trace waits for its spans, the
    /// most spans held while waiting, and the most kept per second.
    public var sampling = SamplingPolicy()
    public var samplingWait: Double = 5
    public var samplingMaximumHeldSpans = 200_000
    public var keptSpansPerSecond = 50_000
    /// How long stored spans and log lines are kept.
    public var traceRetention: Double = 72 * 3_600
    public var logRetention: Double = 7 * 86_400
    /// Resource attributes that become log stream labels besides `service` and `severity`
    /// (dots become underscores), and the most distinct streams.
    public var logLabelAttributes: [String] = []
    public var maximumLogStreams = 10_000
    /// Whether a built-in simulator sends demo traffic to this server.
    public var runsDemo = false
    /// Prometheus' base URL; the `ingest-service-graph` job is off without it.
    public var prometheusURL: String?
    /// A bearer token for Prometheus.
    public var prometheusBearerToken: Secret?
    /// Basic authentication for Prometheus.
    public var prometheusBasicAuth: BasicCredentials?
    /// The user and password that were inside `--prometheus-url`, used when no other
    /// credential is given.
    public var prometheusURLCredentials: BasicCredentials?
    /// How long one Prometheus request may take, in seconds.
    public var prometheusTimeout: Double = 10
    /// Attempts per Prometheus request, the first included.
    public var prometheusAttempts = 3
    /// The wait before the first retry, doubling after (2 s, 4 s, …), in seconds.
    public var prometheusBackoff: Double = 2
    /// Prepended to `traces_service_graph_*` metric names.
    public var prometheusMetricPrefix = ""
    /// The window of `increase(...)` when reading the service graph, in seconds.
    public var prometheusLookback: Double = 900
    /// Schedules by job name, overriding the defaults.
    public var schedules: [String: String] = [:]
    /// Where the scheduled `backup` job writes; the job is off while this is unset.
    public var backupDirectory: String?
    /// How many scheduled backups the `backup` job keeps.
    public var backupKeep = 7
    /// Observed edges not seen for longer than this become stale, in seconds.
    public var staleEdgeThreshold: Double = 7 * 86_400
    /// How long shutdown waits for running jobs before cancelling them, in seconds.
    public var jobShutdownGrace: Double = 30
    /// How many runs of each job are kept, and for how long (in seconds).
    public var jobHistory: JobRunHistory = .standard
    /// How long a graceful shutdown may take in all before everything left is cancelled, in
    /// seconds (it stops within this and 5 seconds more, whatever the store or a peer does).
    public var shutdownGrace: Double = 40
    /// How long the scheduler's leadership lease lasts unless renewed, in seconds.
    public var leaderLease: Double = 15

    /// A directory of Prometheus-style rule files (`*.yml`, `*.yaml`); without it, Sextant's
    /// default rules are loaded.
    public var rulesDirectory: String?
    /// Alertmanager's configuration file for the router; without it, alerts are kept and
    /// shown but not sent anywhere.
    public var alertingConfigPath: String?
    /// The URL Sextant is reached at, for links in notifications (default `http://host:port`).
    public var externalURL: String?
    /// How long one health probe may take, in seconds.
    public var probeTimeout: Double = 5
    /// Whether health probes may reach link-local and cloud metadata addresses
    /// (169.254.0.0/16, fe80::/10, fd00:ec2::254).
    public var allowsLinkLocalProbes = false
    /// How often due rule groups and notification groups are looked for, in seconds; `nil`
    /// leaves it to whoever calls ``Alerting/tick(waitingForFlushes:)`` (tests with a manual clock).
    public var alertingTick: Double? = 0.25
    /// How often the leader drives active deployments, in seconds.
    public var deploymentTick: Double = 1

    /// The defaults: a laptop setup with nothing else installed.
    public init() {}
}
