import Testing
import SextantCore
import SextantServer

@Suite("Configuration")
struct ConfigurationTests {
    typealias Setting = ServerConfiguration.Setting

    @Test func defaultsWorkOnALaptop() throws {
        let configuration = try ServerConfiguration.resolve(flags: [:], environment: [:])
        #expect(configuration == ServerConfiguration())
        #expect(configuration.host == "127.0.0.1" && configuration.port == 8080)
        #expect(configuration.dataDirectory == "./.sextant" && configuration.databaseURL == nil && configuration.metricsPort == nil)
    }

    @Test func flagsBeatEnvironmentBeatsFileBeatsDefaults() throws {
        let file = """
            port: 7000
            host: 0.0.0.0
            data-dir: /var/lib/sextant
            log-level: debug
            """
        let environment = ["SEXTANT_PORT": "7100", "SEXTANT_DATA_DIR": "/srv/sextant", "UNRELATED": "x"]
        let configuration = try ServerConfiguration.resolve(flags: ["port": "7200"], environment: environment, file: file)
        #expect(configuration.port == 7200)
        #expect(configuration.dataDirectory == "/srv/sextant")
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.logLevel == .debug)
        #expect(configuration.maximumBodySize == 4 * 1024 * 1024)
    }

    @Test func everySettingHasAnEnvironmentVariable() {
        #expect(Setting.all.map(\.environmentVariable) == [
            "SEXTANT_HOST", "SEXTANT_PORT", "SEXTANT_DATA_DIR", "SEXTANT_DATABASE_URL", "SEXTANT_DATABASE_URL_FILE",
            "SEXTANT_METRICS_PORT", "SEXTANT_MAX_BODY_SIZE", "SEXTANT_HEADER_TIMEOUT", "SEXTANT_BODY_TIMEOUT", "SEXTANT_LOG_LEVEL", "SEXTANT_LOG_FORMAT",
            "SEXTANT_OTLP_MAX_BODY_SIZE", "SEXTANT_SERVICEGRAPH_WAIT", "SEXTANT_SERVICEGRAPH_MAX_PENDING",
            "SEXTANT_INGEST_MAX_QUEUED_SPANS", "SEXTANT_INGEST_MAX_CONCURRENT_REQUESTS", "SEXTANT_INGEST_MAX_WAITING_REQUESTS",
            "SEXTANT_INGEST_MAX_BODY_BYTES",
            "SEXTANT_ROLLUP_MINUTE_RETENTION", "SEXTANT_ROLLUP_HOUR_RETENTION",
            "SEXTANT_EMIT_SERVICE_GRAPH_METRICS", "SEXTANT_TLS_CERT", "SEXTANT_TLS_KEY", "SEXTANT_TLS_MIN_VERSION", "SEXTANT_METRICS_REQUIRE_KEY", "SEXTANT_ADMIN_KEY_FILE", "SEXTANT_AUDIT_KEY_FILE", "SEXTANT_MASTER_KEY_FILE", "SEXTANT_VAULT_URL", "SEXTANT_VAULT_TOKEN_FILE", "SEXTANT_VAULT_TRANSIT_KEY", "SEXTANT_VAULT_TRANSIT_MOUNT", "SEXTANT_SECRET_KEY_WORDS",
            "SEXTANT_OIDC_ISSUER", "SEXTANT_OIDC_CLIENT_ID", "SEXTANT_OIDC_CLIENT_SECRET_FILE", "SEXTANT_OIDC_ROLE_CLAIM",
            "SEXTANT_TRACE_STORAGE", "SEXTANT_TRACE_SAMPLE_RATE", "SEXTANT_TRACE_SAMPLE_SERVICES", "SEXTANT_TRACE_KEEP_ERRORS",
            "SEXTANT_TRACE_KEEP_SLOWER_THAN", "SEXTANT_TRACE_SAMPLING_WAIT", "SEXTANT_TRACE_HELD_SPANS", "SEXTANT_TRACE_KEPT_SPANS_PER_SECOND",
            "SEXTANT_TRACE_RETENTION", "SEXTANT_LOG_RETENTION", "SEXTANT_LOG_LABEL_ATTRIBUTES", "SEXTANT_LOG_STREAMS_MAX", "SEXTANT_DEMO",
            "SEXTANT_PROMETHEUS_URL", "SEXTANT_PROMETHEUS_BEARER_TOKEN", "SEXTANT_PROMETHEUS_BEARER_TOKEN_FILE", "SEXTANT_PROMETHEUS_BASIC_AUTH", "SEXTANT_PROMETHEUS_BASIC_AUTH_FILE", "SEXTANT_PROMETHEUS_TIMEOUT",
            "SEXTANT_PROMETHEUS_ATTEMPTS", "SEXTANT_PROMETHEUS_BACKOFF", "SEXTANT_PROMETHEUS_METRIC_PREFIX", "SEXTANT_PROMETHEUS_LOOKBACK",
            "SEXTANT_SCHEDULE", "SEXTANT_BACKUP_DIRECTORY", "SEXTANT_BACKUP_KEEP", "SEXTANT_STALE_EDGE_THRESHOLD", "SEXTANT_JOB_SHUTDOWN_GRACE", "SEXTANT_JOB_HISTORY_RUNS", "SEXTANT_JOB_HISTORY_AGE", "SEXTANT_SHUTDOWN_GRACE", "SEXTANT_LEADER_LEASE", "SEXTANT_RULES", "SEXTANT_ALERTING_CONFIG", "SEXTANT_EXTERNAL_URL", "SEXTANT_PROBE_TIMEOUT",
            "SEXTANT_ALLOW_LINK_LOCAL_PROBES",
        ])
    }

    @Test func readsEverySettingFromTheEnvironment() throws {
        let configuration = try ServerConfiguration.resolve(flags: [:], environment: [
            "SEXTANT_HOST": "::1", "SEXTANT_DATABASE_URL": "postgres://u@h/d", "SEXTANT_METRICS_PORT": "9100",
            "SEXTANT_MAX_BODY_SIZE": "512KiB", "SEXTANT_LOG_LEVEL": "WARNING",
        ])
        #expect(configuration.host == "::1")
        #expect(configuration.databaseURL == "postgres://u@h/d")
        #expect(configuration.metricsPort == 9100)
        #expect(configuration.maximumBodySize == 512 * 1024)
        #expect(configuration.logLevel == .warning)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let flags: [String: String]
        let file: String?
        let message: String
        var testDescription: String { message }
    }

    static let bad: [Bad] = [
        Bad(flags: ["port": "http"], file: nil, message: "--port must be a port number from 0 to 65535, not 'http'"),
        Bad(flags: ["port": "70000"], file: nil, message: "--port must be a port number from 0 to 65535, not '70000'"),
        Bad(flags: ["port": "9000", "metrics-port": "9000"], file: nil, message: "the metrics port must differ from the API port 9000"),
        Bad(flags: ["servicegraph-wait": "10"], file: nil, message: "--servicegraph-wait must be a positive duration such as 500ms, 10s, 5m or 8d, not '10'"),
        Bad(flags: ["demo": "maybe"], file: nil, message: "--demo must be true or false, not 'maybe'"),
        Bad(flags: ["rollup-minute-retention": "30d", "rollup-hour-retention": "7d"], file: nil, message: "rollup-hour-retention must be at least rollup-minute-retention"),
        Bad(flags: ["ingest-max-queued-spans": "-5"], file: nil, message: "--ingest-max-queued-spans must be a positive integer, not '-5'"),
        Bad(flags: ["log-level": "loud"], file: nil, message: "--log-level must be one of trace, debug, info, notice, warning, error, critical, not 'loud'"),
        Bad(flags: ["max-body-size": "lots"], file: nil, message: "--max-body-size must be a positive size such as 4194304, 512KiB or 4MiB, not 'lots'"),
        Bad(flags: ["host": ""], file: nil, message: "--host must not be empty"),
        Bad(flags: [:], file: "port: [1, 2]", message: "setting 'port' in the config file must be a single value"),
        Bad(flags: [:], file: "prot: 80", message: "unknown setting 'prot' in the config file; known: admin-key-file, alerting-config, allow-link-local-probes, audit-key-file, backup-directory, backup-keep, body-timeout, data-dir, database-url, database-url-file, demo, emit-service-graph-metrics, external-url, header-timeout, host, ingest-max-body-bytes, ingest-max-concurrent-requests, ingest-max-queued-spans, ingest-max-waiting-requests, job-history-age, job-history-runs, job-shutdown-grace, leader-lease, log-format, log-label-attributes, log-level, log-retention, log-streams-max, master-key-file, max-body-size, metrics-port, metrics-require-key, oidc-client-id, oidc-client-secret-file, oidc-issuer, oidc-role-claim, otlp-max-body-size, port, probe-timeout, prometheus-attempts, prometheus-backoff, prometheus-basic-auth, prometheus-basic-auth-file, prometheus-bearer-token, prometheus-bearer-token-file, prometheus-lookback, prometheus-metric-prefix, prometheus-timeout, prometheus-url, rollup-hour-retention, rollup-minute-retention, rules, schedule, secret-key-words, servicegraph-max-pending, servicegraph-wait, shutdown-grace, stale-edge-threshold, tls-cert, tls-key, tls-min-version, trace-held-spans, trace-keep-errors, trace-keep-slower-than, trace-kept-spans-per-second, trace-retention, trace-sample-rate, trace-sample-services, trace-sampling-wait, trace-storage, vault-token-file, vault-transit-key, vault-transit-mount, vault-url"),
        Bad(flags: ["schedule": "rollup-retention=@every 0s"], file: nil, message: "--schedule: '@every 0s': write @every DURATION [jitter DURATION], with at least 1s"),
        Bad(flags: ["schedule": "compact=@every 1h"], file: nil, message: "--schedule: there is no job 'compact'; jobs: backup, evaluate-slos, ingest-service-graph, mark-stale-edges, probe-components, rollup-retention"),
        Bad(flags: ["schedule": "mark-stale-edges"], file: nil, message: "--schedule: 'mark-stale-edges' must be job=schedule"),
        Bad(flags: ["prometheus-url": "prometheus:9090"], file: nil, message: "--prometheus-url must be an http or https URL, not 'prometheus:9090'"),
        Bad(flags: ["prometheus-basic-auth": "admin"], file: nil, message: "--prometheus-basic-auth must be user:password"),
        Bad(flags: ["leader-lease": "1s"], file: nil, message: "--leader-lease must be at least 3s"),
        Bad(flags: [:], file: "- a\n- b", message: "the config file must be a YAML mapping of settings"),
        Bad(flags: [:], file: "port: 99999", message: "'port' in the config file must be a port number from 0 to 65535, not '99999'"),
    ]

    @Test("refuses", arguments: bad)
    func refuses(_ bad: Bad) {
        #expect(throws: ConfigurationError(bad.message)) {
            try ServerConfiguration.resolve(flags: bad.flags, environment: [:], file: bad.file)
        }
    }

    @Test func telemetrySettingsTakeDurationsSizesAndSwitches() throws {
        let configuration = try ServerConfiguration.resolve(
            flags: ["servicegraph-wait": "2s", "demo": "true"],
            environment: ["SEXTANT_OTLP_MAX_BODY_SIZE": "1MiB", "SEXTANT_EMIT_SERVICE_GRAPH_METRICS": "1"],
            file: "rollup-minute-retention: 2d\nrollup-hour-retention: 30d\n"
        )
        #expect(configuration.serviceGraphWait == 2 && configuration.runsDemo && configuration.emitsServiceGraphMetrics)
        #expect(configuration.otlpMaximumBodySize == 1 << 20)
        #expect(configuration.retention == RollupRetention(minuteRetention: 2 * 86_400, hourRetention: 30 * 86_400))
        let defaults = ServerConfiguration()
        #expect(defaults.otlpMaximumBodySize == 16 << 20 && defaults.serviceGraphWait == 10 && defaults.serviceGraphMaximumPending == 100_000)
        #expect(defaults.retention == RollupRetention())
    }

    @Test func schedulerAndPrometheusSettings() throws {
        let configuration = try ServerConfiguration.resolve(
            flags: ["schedule": "rollup-retention=@every 1s; mark-stale-edges=0 3 * * * Europe/Berlin", "prometheus-url": "http://127.0.0.1:9090"],
            environment: ["SEXTANT_PROMETHEUS_BASIC_AUTH": "admin:s3:cret", "SEXTANT_PROMETHEUS_BACKOFF": "100ms", "SEXTANT_LEADER_LEASE": "6s"],
            file: "stale-edge-threshold: 2d\nprometheus-metric-prefix: tempo_\n"
        )
        #expect(configuration.schedules == ["rollup-retention": "@every 1s", "mark-stale-edges": "0 3 * * * Europe/Berlin"])
        #expect(configuration.prometheusURL == "http://127.0.0.1:9090")
        #expect(configuration.prometheusBasicAuth == BasicCredentials(username: "admin", password: "s3:cret"))
        #expect(configuration.prometheusBackoff == 0.1 && configuration.leaderLease == 6)
        #expect(configuration.staleEdgeThreshold == 2 * 86_400 && configuration.prometheusMetricPrefix == "tempo_")
        let defaults = ServerConfiguration()
        #expect(defaults.prometheusURL == nil && defaults.prometheusAttempts == 3 && defaults.prometheusBackoff == 2)
        #expect(defaults.staleEdgeThreshold == 7 * 86_400 && defaults.jobShutdownGrace == 30 && defaults.prometheusLookback == 900)
    }

    @Test func sizesTakeBinarySuffixes() {
        #expect(ByteSize.parse("4194304") == 4_194_304)
        #expect(ByteSize.parse("16MiB") == 16 * 1024 * 1024)
        #expect(ByteSize.parse("1 GiB") == 1 << 30)
        #expect(ByteSize.parse("12B") == 12)
        #expect(ByteSize.parse("4MB") == nil)
    }
}

@Suite("Command-line settings")
struct CommandLineSettingsTests {
    typealias Setting = ServerConfiguration.Setting

    @Test func flagsTakeValuesInEitherFormSwitchesNoneAndSchedulesRepeat() throws {
        let flags = try Setting.parse(arguments: [
            "--port", "0", "--data-dir=/tmp/x", "--demo", "--schedule", "rollup-retention=@every 1s",
            "--schedule=mark-stale-edges=@every 2s", "--emit-service-graph-metrics=false",
        ])
        #expect(flags == [
            "port": "0", "data-dir": "/tmp/x", "demo": "true",
            "schedule": "rollup-retention=@every 1s;mark-stale-edges=@every 2s", "emit-service-graph-metrics": "false",
        ])
        let configuration = try ServerConfiguration.resolve(flags: flags, environment: [:])
        #expect(configuration.port == 0 && configuration.dataDirectory == "/tmp/x" && configuration.runsDemo && !configuration.emitsServiceGraphMetrics)
        #expect(configuration.schedules == ["rollup-retention": "@every 1s", "mark-stale-edges": "@every 2s"])
    }

    @Test(arguments: [
        (["--prot", "80"], "unknown option '--prot'; see sextant serve --help"),
        (["--port"], "--port needs a value"),
        (["8080"], "unexpected argument '8080'"),
    ])
    func refuses(_ arguments: [String], _ message: String) {
        #expect(throws: ConfigurationError(message)) { try Setting.parse(arguments: arguments) }
    }

    @Test func helpListsEverySettingWithItsHelp() {
        for setting in Setting.all {
            #expect(Setting.usage.contains("--\(setting.flag)") && Setting.usage.contains(setting.help))
        }
    }
}
