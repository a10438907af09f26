import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import SextantServer

/// `sextant serve`: runs the server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Sextant server.",
        discussion: """
            Settings come from flags, then SEXTANT_* environment variables (SEXTANT_PORT, \
            SEXTANT_DATABASE_URL, ...), then the YAML file given by --config (keys are the flag \
            names: port, data-dir, database-url, ...), then the defaults.
            """
    )

    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "API port (default 8080; 0 picks a free port).") var port: String?
    @Option(name: .customLong("data-dir"), help: "Directory for the embedded database (default ./.sextant).") var dataDirectory: String?
    @Option(name: .customLong("database-url"), help: "postgres://user:password@host:port/database to use PostgreSQL.") var databaseURL: String?
    @Option(name: .customLong("metrics-port"), help: "A second port that serves only /metrics.") var metricsPort: String?
    @Option(name: .customLong("max-body-size"), help: "Largest request body accepted (default 4MiB).") var maximumBodySize: String?
    @Option(name: .customLong("header-timeout"), help: "How long a request head may take, or a connection idle between requests (default 10s).")
    var headerTimeout: String?
    @Option(name: .customLong("body-timeout"), help: "How long a request body may take to arrive after its head (default 30s).")
    var bodyTimeout: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default info).") var logLevel: String?
    @Option(name: .customLong("otlp-max-body-size"), help: "Largest OTLP export accepted, before and after gzip (default 16MiB).")
    var otlpMaximumBodySize: String?
    @Option(name: .customLong("servicegraph-wait"), help: "How long an unpaired span waits for its partner (default 10s).")
    var serviceGraphWait: String?
    @Option(name: .customLong("servicegraph-max-pending"), help: "Most unpaired spans kept waiting (default 100000).")
    var serviceGraphMaximumPending: String?
    @Option(name: .customLong("ingest-max-queued-spans"), help: "Most spans accepted but not yet committed (default 200000).")
    var ingestMaximumQueuedSpans: String?
    @Option(name: .customLong("ingest-max-concurrent-requests"), help: "Most OTLP exports handled at once (default 1024).")
    var ingestMaximumConcurrentRequests: String?
    @Option(name: .customLong("ingest-max-waiting-requests"), help: "Most OTLP exports waiting for a place; beyond, 503 (default 1024).")
    var ingestMaximumWaitingRequests: String?
    @Option(name: .customLong("ingest-max-body-bytes"), help: "Most bytes of OTLP bodies received at once; beyond, 503 (default 256MiB).")
    var ingestMaximumBodyBytes: String?
    @Option(name: .customLong("rollup-minute-retention"), help: "How long 1-minute rollups are kept (default 8d).")
    var rollupMinuteRetention: String?
    @Option(name: .customLong("rollup-hour-retention"), help: "How long 1-hour rollups are kept (default 400d).")
    var rollupHourRetention: String?
    @Flag(name: .customLong("emit-service-graph-metrics"), help: "Expose Tempo's traces_service_graph_* series on /metrics.")
    var emitsServiceGraphMetrics = false
    @Flag(help: "Also run a simulator that sends demo traffic to this server.") var demo = false
    @Option(name: .customLong("prometheus-url"), help: "Prometheus to read traces_service_graph_* from (turns ingest-service-graph on).")
    var prometheusURL: String?
    @Option(name: .customLong("prometheus-bearer-token"), help: "A bearer token for Prometheus.") var prometheusBearerToken: String?
    @Option(name: .customLong("prometheus-basic-auth"), help: "user:password for Prometheus.") var prometheusBasicAuth: String?
    @Option(name: .customLong("prometheus-timeout"), help: "How long one Prometheus request may take (default 10s).") var prometheusTimeout: String?
    @Option(name: .customLong("prometheus-attempts"), help: "Attempts per Prometheus request (default 3).") var prometheusAttempts: String?
    @Option(name: .customLong("prometheus-backoff"), help: "Wait before the first retry, doubling after (default 2s).") var prometheusBackoff: String?
    @Option(name: .customLong("prometheus-metric-prefix"), help: "Prefix of the traces_service_graph_* metric names.")
    var prometheusMetricPrefix: String?
    @Option(name: .customLong("prometheus-lookback"), help: "Window of increase() when reading the graph (default 15m).")
    var prometheusLookback: String?
    @Option(name: .customLong("schedule"), help: "A job's schedule, job=SPEC: @every 5m [jitter 30s], or cron [ZONE] (repeatable).")
    var schedules: [String] = []
    @Option(name: .customLong("stale-edge-threshold"), help: "Edges not seen for longer become stale (default 7d).")
    var staleEdgeThreshold: String?
    @Option(name: .customLong("job-shutdown-grace"), help: "How long shutdown waits for running jobs (default 30s).")
    var jobShutdownGrace: String?
    @Option(name: .customLong("job-history-runs"), help: "Runs of each job kept (default 1000).")
    var jobHistoryRuns: String?
    @Option(name: .customLong("job-history-age"), help: "Runs of each job are kept this long at most (default 7d).")
    var jobHistoryAge: String?
    @Option(name: .customLong("shutdown-grace"), help: "How long a graceful shutdown may take before the rest is cancelled (default 40s).")
    var shutdownGrace: String?
    @Option(name: .customLong("leader-lease"), help: "The scheduler's leadership lease on PostgreSQL (default 15s).")
    var leaderLease: String?
    @Option(name: .customLong("rules"), help: "A directory of Prometheus-style alerting rule files (default: Sextant's rules).")
    var rulesDirectory: String?
    @Option(name: .customLong("alerting-config"), help: "Alertmanager's YAML for routing, inhibition and receivers.")
    var alertingConfigPath: String?
    @Option(name: .customLong("external-url"), help: "The URL Sextant is reached at, for links in notifications.")
    var externalURL: String?
    @Option(name: .customLong("probe-timeout"), help: "How long one component health probe may take (default 5s).")
    var probeTimeout: String?
    @Flag(name: .customLong("allow-link-local-probes"), help: "Let health probes reach link-local and cloud metadata addresses.")
    var allowsLinkLocalProbes = false
    @Option(help: "A YAML configuration file (also SEXTANT_CONFIG).") var config: String?

    func run() async throws {
        let configuration: ServerConfiguration
        do {
            configuration = try resolveConfiguration()
        } catch {
            FileHandle.standardError.write(Data("sextant: error: \(error)\n".utf8))
            throw ExitCode(2)
        }

        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = Logger(label: "sextant")
        logger.logLevel = level

        do {
            try await SextantServer.serve(configuration: configuration, logger: logger, registry: registry)
        } catch {
            FileHandle.standardError.write(Data("sextant: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func resolveConfiguration() throws -> ServerConfiguration {
        let environment = ProcessInfo.processInfo.environment
        var flags: [ServerConfiguration.Setting: String] = [:]
        flags[.host] = host
        flags[.port] = port
        flags[.dataDirectory] = dataDirectory
        flags[.databaseURL] = databaseURL
        flags[.metricsPort] = metricsPort
        flags[.maximumBodySize] = maximumBodySize
        flags[.logLevel] = logLevel
        flags[.headerTimeout] = headerTimeout
        flags[.bodyTimeout] = bodyTimeout
        flags[.otlpMaximumBodySize] = otlpMaximumBodySize
        flags[.serviceGraphWait] = serviceGraphWait
        flags[.serviceGraphMaximumPending] = serviceGraphMaximumPending
        flags[.ingestMaximumQueuedSpans] = ingestMaximumQueuedSpans
        flags[.ingestMaximumConcurrentRequests] = ingestMaximumConcurrentRequests
        flags[.ingestMaximumWaitingRequests] = ingestMaximumWaitingRequests
        flags[.ingestMaximumBodyBytes] = ingestMaximumBodyBytes
        flags[.rollupMinuteRetention] = rollupMinuteRetention
        flags[.rollupHourRetention] = rollupHourRetention
        if emitsServiceGraphMetrics { flags[.emitsServiceGraphMetrics] = "true" }
        flags[.prometheusURL] = prometheusURL
        flags[.prometheusBearerToken] = prometheusBearerToken
        flags[.prometheusBasicAuth] = prometheusBasicAuth
        flags[.prometheusTimeout] = prometheusTimeout
        flags[.prometheusAttempts] = prometheusAttempts
        flags[.prometheusBackoff] = prometheusBackoff
        flags[.prometheusMetricPrefix] = prometheusMetricPrefix
        flags[.prometheusLookback] = prometheusLookback
        if !schedules.isEmpty { flags[.schedules] = schedules.joined(separator: ";") }
        flags[.staleEdgeThreshold] = staleEdgeThreshold
        flags[.jobShutdownGrace] = jobShutdownGrace
        flags[.jobHistoryRuns] = jobHistoryRuns
        flags[.jobHistoryAge] = jobHistoryAge
        flags[.shutdownGrace] = shutdownGrace
        flags[.leaderLease] = leaderLease
        flags[.rulesDirectory] = rulesDirectory
        flags[.alertingConfigPath] = alertingConfigPath
        flags[.externalURL] = externalURL
        flags[.probeTimeout] = probeTimeout
        if demo { flags[.runsDemo] = "true" }
        if allowsLinkLocalProbes { flags[.allowsLinkLocalProbes] = "true" }
        var file: String?
        if let path = config ?? environment["SEXTANT_CONFIG"] {
            do {
                file = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ConfigurationError("cannot read config file '\(path)': \((error as NSError).localizedDescription)")
            }
        }
        return try ServerConfiguration.resolve(flags: flags, environment: environment, file: file)
    }
}
