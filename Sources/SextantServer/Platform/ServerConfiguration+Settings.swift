import Foundation
import Logging
import SextantCore

extension ServerConfiguration.Setting {
    /// Every setting, in the order `--help` lists them. A setting is its field of
    /// ``ServerConfiguration`` and its line here: flag, environment variable, YAML key, help
    /// and parsing all come from it.
    public static let all: [ServerConfiguration.Setting] = [
        .init("host", help: "Address to listen on (default 127.0.0.1).") { configuration, text, source in
            configuration.host = try nonEmpty(text, source)
        },
        .init("port", help: "API port (default 8080; 0 picks a free port).") { configuration, text, source in
            configuration.port = try parsePort(text, source)
        },
        .init("data-dir", help: "Directory for the embedded database (default ./.sextant).") { configuration, text, source in
            configuration.dataDirectory = try nonEmpty(text, source)
        },
        .init("database-url", help: "postgres://user:password@host:port/database to use PostgreSQL.") { configuration, text, _ in
            configuration.databaseURL = text.isEmpty ? nil : text
        },
        .init("database-url-file", help: "A file holding the database URL, password included (kept out of ps).") { configuration, text, source in
            guard !text.isEmpty else { return }
            configuration.databaseURL = try readCredentialFile(text, source)
        },
        .init("metrics-port", help: "A second port that serves only /metrics.") { configuration, text, source in
            guard !text.isEmpty else { return }
            configuration.metricsPort = try parsePort(text, source)
        },
        .init("max-body-size", help: "Largest request body accepted (default 4MiB).") { configuration, text, source in
            configuration.maximumBodySize = try parseSize(text, source)
        },
        .init("header-timeout", help: "How long a request head may take, or a connection idle between requests (default 10s).") { configuration, text, source in
            configuration.headerTimeout = try parseDuration(text, source)
        },
        .init("body-timeout", help: "How long a request body may take to arrive after its head (default 30s).") { configuration, text, source in
            configuration.bodyTimeout = try parseDuration(text, source)
        },
        .init("log-level", help: "trace, debug, info, notice, warning, error or critical (default info).") { configuration, text, source in
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ConfigurationError("\(source) must be one of trace, debug, info, notice, warning, error, critical, not \(Quoted.prefix(text))")
            }
            configuration.logLevel = level
        },
        .init("log-format", help: "json, text, or auto: text when standard output is a terminal, else JSON (default auto).") { configuration, text, source in
            guard let format = JSONLogHandler.Format(rawValue: text.lowercased()) else {
                throw ConfigurationError("\(source) must be one of auto, json, text, not \(Quoted.prefix(text))")
            }
            configuration.logFormat = format
        },
        .init("otlp-max-body-size", help: "Largest OTLP export accepted, before and after gzip (default 16MiB).") { configuration, text, source in
            configuration.otlpMaximumBodySize = try parseSize(text, source)
        },
        .init("servicegraph-wait", help: "How long an unpaired span waits for its partner (default 10s).") { configuration, text, source in
            configuration.serviceGraphWait = try parseDuration(text, source)
        },
        .init("servicegraph-max-pending", help: "Most unpaired spans kept waiting (default 100000).") { configuration, text, source in
            configuration.serviceGraphMaximumPending = try parseCount(text, source)
        },
        .init("ingest-max-queued-spans", help: "Most spans accepted but not yet committed (default 200000).") { configuration, text, source in
            configuration.ingestMaximumQueuedSpans = try parseCount(text, source)
        },
        .init("ingest-max-concurrent-requests", help: "Most OTLP exports handled at once (default 1024).") { configuration, text, source in
            configuration.ingestMaximumConcurrentRequests = try parseCount(text, source)
        },
        .init("ingest-max-waiting-requests", help: "Most OTLP exports waiting for a place; beyond, 503 (default 1024).") { configuration, text, source in
            configuration.ingestMaximumWaitingRequests = try parseCount(text, source)
        },
        .init("ingest-max-body-bytes", help: "Most bytes of OTLP bodies received at once; beyond, 503 (default 256MiB).") { configuration, text, source in
            configuration.ingestMaximumBodyBytes = try parseSize(text, source)
        },
        .init("rollup-minute-retention", help: "How long 1-minute rollups are kept (default 8d).") { configuration, text, source in
            configuration.rollupMinuteRetention = try parseDuration(text, source)
        },
        .init("rollup-hour-retention", help: "How long 1-hour rollups are kept (default 400d).") { configuration, text, source in
            configuration.rollupHourRetention = try parseDuration(text, source)
        },
        .init("emit-service-graph-metrics", isSwitch: true, help: "Expose Tempo's traces_service_graph_* series on /metrics.") { configuration, text, source in
            configuration.emitsServiceGraphMetrics = try parseSwitch(text, source)
        },
        .init("tls-cert", help: "A PEM certificate chain: serve HTTPS (with --tls-key); reloaded on SIGHUP.") { configuration, text, _ in
            configuration.tlsCertificatePath = text.isEmpty ? nil : text
        },
        .init("tls-key", help: "The PEM private key of --tls-cert.") { configuration, text, _ in
            configuration.tlsKeyPath = text.isEmpty ? nil : text
        },
        .init("tls-min-version", help: "The oldest TLS version accepted: 1.3 (default) or 1.2.") { configuration, text, source in
            guard ["1.2", "1.3"].contains(text) else { throw ConfigurationError("\(source) must be 1.2 or 1.3, not \(Quoted.prefix(text))") }
            configuration.tlsMinimumVersion = text
        },
        .init("metrics-require-key", isSwitch: true, help: "Serve /metrics on the API's port only to a key that may read.") { configuration, text, source in
            configuration.metricsRequireKey = try parseSwitch(text, source)
        },
        .init("admin-key-file", help: "On a store with no usable admin key, make the key in this file the first one instead of a new key.") { configuration, text, _ in
            configuration.adminKeyFile = text.isEmpty ? nil : text
        },
        .init("audit-key-file", help: "The key that seals the audit trail (default <data-dir>/audit.key, made on first start; replicas share one).") { configuration, text, _ in
            configuration.auditKeyFile = text.isEmpty ? nil : text
        },
        .init("master-key-file", help: "The master key (64 hex digits, mode 0600) that seals the secrets' keyring (default SEXTANT_MASTER_KEY, or <data-dir>/master.key, made on first start).") { configuration, text, _ in
            configuration.masterKeyFile = text.isEmpty ? nil : text
        },
        .init("vault-url", help: "Vault's (or OpenBao's) address, for vaultRef references and --vault-transit-key.") { configuration, text, source in
            guard text.isEmpty || (text.hasPrefix("http://") || text.hasPrefix("https://")) && URL(string: text) != nil else {
                throw ConfigurationError("\(source): vault-url is an http:// or https:// URL")
            }
            configuration.vaultURL = text.isEmpty ? nil : text
        },
        .init("vault-token-file", help: "A file (mode 0600) holding the token Sextant presents to Vault (also SEXTANT_VAULT_TOKEN).") { configuration, text, source in
            guard !text.isEmpty else { return }
            configuration.vaultToken = Secret(try VaultTokenFile.read(text, source: source))
        },
        .init("vault-transit-key", help: "Wrap secrets' data keys with this key of Vault's transit engine instead of the built-in keyring.") { configuration, text, source in
            guard text.isEmpty || text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw ConfigurationError("\(source): vault-transit-key is a transit key name")
            }
            configuration.vaultTransitKey = text.isEmpty ? nil : text
        },
        .init("vault-transit-mount", help: "Where Vault's transit engine is mounted (default transit).") { configuration, text, _ in
            configuration.vaultTransitMount = text.isEmpty ? "transit" : text
        },
        .init("secret-key-words", help: "Words that make a configuration name hold a secret reference, comma-separated (default password,passwd,passphrase,secret,token,key,apikey,credential,credentials,private).") { configuration, text, source in
            let words = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            guard !words.isEmpty, words.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber } }) else {
                throw ConfigurationError("\(source): secret-key-words is a comma-separated list of words")
            }
            configuration.secretKeyWords = Set(words)
        },
        .init("oidc-issuer", help: "An OpenID Connect provider's issuer URL: the web UI offers signing in with it.") { configuration, text, source in
            guard !text.isEmpty else { return }
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw ConfigurationError("\(source) must be an http or https URL, not \(Quoted.prefix(text))")
            }
            configuration.oidcIssuer = text
        },
        .init("oidc-client-id", help: "This server's client id at the OpenID Connect provider (default sextant).") { configuration, text, _ in
            configuration.oidcClientID = text.isEmpty ? nil : text
        },
        .init("oidc-client-secret-file", help: "A file holding the OpenID Connect client secret, if the provider wants one.") { configuration, text, source in
            guard !text.isEmpty else { return }
            configuration.oidcClientSecret = Secret(try readCredentialFile(text, source))
        },
        .init("oidc-role-claim", help: "The ID token claim naming the Sextant role (default sextant_role).") { configuration, text, source in
            configuration.oidcRoleClaim = try nonEmpty(text, source)
        },
        .init("trace-storage", isSwitch: true, help: "Keep sampled raw spans for trace search (default on; off keeps only rollups).") { configuration, text, source in
            configuration.storesTraces = try parseSwitch(text, source)
        },
        .init("trace-sample-rate", help: "Share of traces without an error kept, 0 to 1 (default 0.1).") { configuration, text, source in
            configuration.sampling.probability = try parseShare(text, source)
        },
        .init("trace-sample-services", help: "Shares for traces by root service, e.g. checkout=0.5,search=0.01.") { configuration, text, source in
            var shares: [String: Double] = [:]
            for pair in text.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty else { throw ConfigurationError("\(source): trace-sample-services is service=share,…") }
                shares[parts[0]] = try parseShare(parts[1], source)
            }
            configuration.sampling.serviceProbabilities = shares
        },
        .init("trace-keep-errors", isSwitch: true, help: "Keep every trace with an error span (default on).") { configuration, text, source in
            configuration.sampling.keepsErrors = try parseSwitch(text, source)
        },
        .init("trace-keep-slower-than", help: "Keep every trace at least this long (e.g. 2s; default off).") { configuration, text, source in
            configuration.sampling.slowerThanNanos = text.isEmpty ? nil : UInt64(try parseDuration(text, source) * 1e9)
        },
        .init("trace-sampling-wait", help: "How long after a trace's last span it is judged (default 5s, at most 5m).") { configuration, text, source in
            let wait = try parseDuration(text, source)
            guard wait <= 300 else { throw ConfigurationError("\(source): trace-sampling-wait is at most 5m") }
            configuration.samplingWait = wait
        },
        .init("trace-held-spans", help: "Most spans held while their traces wait; beyond, the oldest traces are judged early (default 200000).") { configuration, text, source in
            configuration.samplingMaximumHeldSpans = try parseCount(text, source)
        },
        .init("trace-kept-spans-per-second", help: "Most spans stored per second; kept traces beyond are dropped whole (default 50000).") { configuration, text, source in
            configuration.keptSpansPerSecond = try parseCount(text, source)
        },
        .init("trace-retention", help: "How long stored spans are kept (default 72h).") { configuration, text, source in
            configuration.traceRetention = try parseRetention(text, source)
        },
        .init("log-retention", help: "How long log lines are kept (default 168h).") { configuration, text, source in
            configuration.logRetention = try parseRetention(text, source)
        },
        .init("log-label-attributes", help: "Resource attributes that become log stream labels besides service and severity, comma-separated.") { configuration, text, source in
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard names.count <= 8 else { throw ConfigurationError("\(source): log-label-attributes names at most 8 attributes") }
            configuration.logLabelAttributes = names
        },
        .init("log-streams-max", help: "Most distinct log streams (label sets) kept (default 10000).") { configuration, text, source in
            configuration.maximumLogStreams = try parseCount(text, source)
        },
        .init("demo", isSwitch: true, help: "Also run a simulator that sends demo traffic to this server.") { configuration, text, source in
            configuration.runsDemo = try parseSwitch(text, source)
        },
        .init("prometheus-url", help: "Prometheus to read traces_service_graph_* from (turns ingest-service-graph on).") { configuration, text, source in
            guard !text.isEmpty else { return }
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw ConfigurationError("\(source) must be an http or https URL, not \(Quoted.prefix(text))")
            }
            // A user and password in the URL become its basic authentication, so that the URL
            // Sextant logs and reports carries no credential.
            var components = URLComponents(string: text)
            if let user = components?.user {
                configuration.prometheusURLCredentials = BasicCredentials(
                    username: user.removingPercentEncoding ?? user, password: components?.password?.removingPercentEncoding ?? "")
                components?.user = nil
                components?.password = nil
            }
            configuration.prometheusURL = components?.string ?? text
        },
        .init("prometheus-bearer-token", help: "A bearer token for Prometheus.") { configuration, text, _ in
            configuration.prometheusBearerToken = text.isEmpty ? nil : Secret(text)
        },
        .init("prometheus-bearer-token-file", help: "A file holding the bearer token for Prometheus (kept out of ps).") { configuration, text, source in
            guard !text.isEmpty else { return }
            configuration.prometheusBearerToken = Secret(try readCredentialFile(text, source))
        },
        .init("prometheus-basic-auth", help: "user:password for Prometheus.") { configuration, text, source in
            guard !text.isEmpty else { return }
            configuration.prometheusBasicAuth = try parseBasicCredentials(text, source)
        },
        .init("prometheus-basic-auth-file", help: "A file holding user:password for Prometheus (kept out of ps).") { configuration, text, source in
            guard !text.isEmpty else { return }
            configuration.prometheusBasicAuth = try parseBasicCredentials(try readCredentialFile(text, source), source)
        },
        .init("prometheus-timeout", help: "How long one Prometheus request may take (default 10s).") { configuration, text, source in
            configuration.prometheusTimeout = try parseDuration(text, source)
        },
        .init("prometheus-attempts", help: "Attempts per Prometheus request (default 3).") { configuration, text, source in
            configuration.prometheusAttempts = try parseCount(text, source)
        },
        .init("prometheus-backoff", help: "Wait before the first retry, doubling after (default 2s).") { configuration, text, source in
            configuration.prometheusBackoff = try parseDuration(text, source)
        },
        .init("prometheus-metric-prefix", help: "Prefix of the traces_service_graph_* metric names.") { configuration, text, source in
            guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }) else {
                throw ConfigurationError("\(source) must be a metric name prefix (letters, digits, '_' and ':'), not \(Quoted.prefix(text))")
            }
            configuration.prometheusMetricPrefix = text
        },
        .init("prometheus-lookback", help: "Window of increase() when reading the graph (default 15m).") { configuration, text, source in
            configuration.prometheusLookback = try parseDuration(text, source)
        },
        /// `job=schedule` pairs separated by `;`: `rollup-retention=@every 5m;mark-stale-edges=0 3 * * *`.
        .init("schedule", isRepeatable: true, help: "A job's schedule, job=SPEC: @every 5m [jitter 30s], or cron [ZONE] (repeatable).") { configuration, text, source in
            for entry in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
                let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else { throw ConfigurationError("\(source): \(Quoted.prefix(entry)) must be job=schedule") }
                guard SextantJobs.defaultSchedules[parts[0]] != nil else {
                    throw ConfigurationError("\(source): there is no job \(Quoted.prefix(parts[0])); jobs: \(SextantJobs.names.joined(separator: ", "))")
                }
                do {
                    _ = try JobSchedule.parse(parts[1])
                } catch let error as ValidationError {
                    throw ConfigurationError("\(source): \(error.message)")
                }
                configuration.schedules[parts[0]] = parts[1]
            }
        },
        .init("backup-directory", help: "Where the scheduled backup job writes (off unless set; schedule backup=…, default daily at 03:00).") { configuration, text, _ in
            configuration.backupDirectory = text.isEmpty ? nil : text
        },
        .init("backup-keep", help: "How many scheduled backups are kept; older ones are deleted (default 7, 1–1000).") { configuration, text, source in
            let count = try parseCount(text, source)
            guard (1...1_000).contains(count) else { throw ConfigurationError("\(source) must be between 1 and 1000, not \(count)") }
            configuration.backupKeep = count
        },
        .init("stale-edge-threshold", help: "Edges not seen for longer become stale (default 7d).") { configuration, text, source in
            configuration.staleEdgeThreshold = try parseDuration(text, source)
        },
        .init("job-shutdown-grace", help: "How long shutdown waits for running jobs (default 30s).") { configuration, text, source in
            configuration.jobShutdownGrace = try parseDuration(text, source)
        },
        .init("job-history-runs", help: "Runs of each job kept (default 1000).") { configuration, text, source in
            configuration.jobHistory.runs = try parseCount(text, source)
        },
        .init("job-history-age", help: "Runs of each job are kept this long at most (default 7d).") { configuration, text, source in
            configuration.jobHistory.age = try parseDuration(text, source)
        },
        .init("shutdown-grace", help: "How long a graceful shutdown may take before the rest is cancelled (default 40s).") { configuration, text, source in
            configuration.shutdownGrace = try parseDuration(text, source)
        },
        .init("leader-lease", help: "The scheduler's leadership lease on PostgreSQL (default 15s).") { configuration, text, source in
            let seconds = try parseDuration(text, source)
            guard seconds >= 3 else { throw ConfigurationError("\(source) must be at least 3s") }
            configuration.leaderLease = seconds
        },
        .init("rules", help: "A directory of Prometheus-style alerting rule files (default: Sextant's rules).") { configuration, text, _ in
            configuration.rulesDirectory = text
        },
        .init("alerting-config", help: "Alertmanager's YAML for routing, inhibition and receivers.") { configuration, text, _ in
            configuration.alertingConfigPath = text
        },
        .init("external-url", help: "The URL Sextant is reached at, for links in notifications.") { configuration, text, source in
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ConfigurationError("\(source) must be an http or https URL, not \(Quoted.prefix(text))")
            }
            configuration.externalURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        },
        .init("probe-timeout", help: "How long one component health probe may take (default 5s).") { configuration, text, source in
            configuration.probeTimeout = try parseDuration(text, source)
        },
        .init("allow-link-local-probes", isSwitch: true, help: "Let health probes reach link-local and cloud metadata addresses.") { configuration, text, source in
            configuration.allowsLinkLocalProbes = try parseSwitch(text, source)
        },
    ]
}

private func nonEmpty(_ text: String, _ source: String) throws -> String {
    guard !text.isEmpty else { throw ConfigurationError("\(source) must not be empty") }
    return text
}

private func parsePort(_ text: String, _ source: String) throws -> Int {
    guard let port = Int(text), (0...65_535).contains(port) else {
        throw ConfigurationError("\(source) must be a port number from 0 to 65535, not \(Quoted.prefix(text))")
    }
    return port
}

private func parseSize(_ text: String, _ source: String) throws -> Int {
    guard let size = ByteSize.parse(text), size > 0 else {
        throw ConfigurationError("\(source) must be a positive size such as 4194304, 512KiB or 4MiB, not \(Quoted.prefix(text))")
    }
    return size
}

private func parseCount(_ text: String, _ source: String) throws -> Int {
    guard let count = Int(text), count > 0 else { throw ConfigurationError("\(source) must be a positive integer, not \(Quoted.prefix(text))") }
    return count
}

private func parseDuration(_ text: String, _ source: String) throws -> Double {
    guard let seconds = DurationText.seconds(text), seconds > 0 else {
        throw ConfigurationError("\(source) must be a positive duration such as 500ms, 10s, 5m or 8d, not \(Quoted.prefix(text))")
    }
    return seconds
}

private func parseShare(_ text: String, _ source: String) throws -> Double {
    guard let share = Double(text), share >= 0, share <= 1 else { throw ConfigurationError("\(source) must be a share from 0 to 1, not \(Quoted.prefix(text))") }
    return share
}

private func parseRetention(_ text: String, _ source: String) throws -> Double {
    let seconds = try parseDuration(text, source)
    guard seconds >= 1, seconds <= 366 * 86_400 else { throw ConfigurationError("\(source) is from 1s to 366 days") }
    return seconds
}

private func parseSwitch(_ text: String, _ source: String) throws -> Bool {
    switch text.lowercased() {
    case "true", "1", "yes", "on": return true
    case "false", "0", "no", "off", "": return false
    default: throw ConfigurationError("\(source) must be true or false, not \(Quoted.prefix(text))")
    }
}


/// `user:password`; the password is never repeated in the error.
private func parseBasicCredentials(_ text: String, _ source: String) throws -> BasicCredentials {
    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { throw ConfigurationError("\(source) must be user:password") }
    return BasicCredentials(username: parts[0], password: parts[1])
}

/// The first line of a credential file, whose content never appears in an error.
private func readCredentialFile(_ path: String, _ source: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else { throw ConfigurationError("\(source): cannot read \(Quoted.prefix(path))") }
    guard let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first, !line.isEmpty else {
        throw ConfigurationError("\(source): \(Quoted.prefix(path)) is empty")
    }
    return String(line)
}
