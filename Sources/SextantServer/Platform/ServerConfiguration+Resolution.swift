import Foundation
import Logging
import SextantCore
import Yams

extension ServerConfiguration {
    /// One setting: its flag name (also its YAML key), its environment variable, and how its
    /// text is applied.
    public struct Setting: Sendable, Hashable {
        /// The flag without dashes, such as `data-dir`; also the key in the YAML file.
        public let flag: String
        /// Whether the flag takes no value (`--demo`); its text is then `true` or `false`.
        public let isSwitch: Bool
        fileprivate let apply: @Sendable (inout ServerConfiguration, String, String) throws -> Void

        fileprivate init(_ flag: String, isSwitch: Bool = false, apply: @escaping @Sendable (inout ServerConfiguration, String, String) throws -> Void) {
            self.flag = flag
            self.isSwitch = isSwitch
            self.apply = apply
        }

        /// The environment variable, such as `SEXTANT_DATA_DIR`.
        public var environmentVariable: String {
            "SEXTANT_" + flag.uppercased().replacingOccurrences(of: "-", with: "_")
        }

        public static func == (lhs: Setting, rhs: Setting) -> Bool { lhs.flag == rhs.flag }
        public func hash(into hasher: inout Hasher) { hasher.combine(flag) }

        public static let host = Setting("host") { configuration, text, source in
            configuration.host = try nonEmpty(text, source)
        }
        public static let port = Setting("port") { configuration, text, source in
            configuration.port = try parsePort(text, source)
        }
        public static let dataDirectory = Setting("data-dir") { configuration, text, source in
            configuration.dataDirectory = try nonEmpty(text, source)
        }
        public static let databaseURL = Setting("database-url") { configuration, text, _ in
            configuration.databaseURL = text.isEmpty ? nil : text
        }
        public static let metricsPort = Setting("metrics-port") { configuration, text, source in
            guard !text.isEmpty else { return }
            configuration.metricsPort = try parsePort(text, source)
        }
        public static let maximumBodySize = Setting("max-body-size") { configuration, text, source in
            configuration.maximumBodySize = try parseSize(text, source)
        }
        public static let headerTimeout = Setting("header-timeout") { configuration, text, source in
            configuration.headerTimeout = try parseDuration(text, source)
        }
        public static let bodyTimeout = Setting("body-timeout") { configuration, text, source in
            configuration.bodyTimeout = try parseDuration(text, source)
        }
        public static let logLevel = Setting("log-level") { configuration, text, source in
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ConfigurationError("\(source) must be one of trace, debug, info, notice, warning, error, critical, not \(Quoted.prefix(text))")
            }
            configuration.logLevel = level
        }
        public static let otlpMaximumBodySize = Setting("otlp-max-body-size") { configuration, text, source in
            configuration.otlpMaximumBodySize = try parseSize(text, source)
        }
        public static let serviceGraphWait = Setting("servicegraph-wait") { configuration, text, source in
            configuration.serviceGraphWait = try parseDuration(text, source)
        }
        public static let serviceGraphMaximumPending = Setting("servicegraph-max-pending") { configuration, text, source in
            configuration.serviceGraphMaximumPending = try parseCount(text, source)
        }
        public static let ingestMaximumQueuedSpans = Setting("ingest-max-queued-spans") { configuration, text, source in
            configuration.ingestMaximumQueuedSpans = try parseCount(text, source)
        }
        public static let ingestMaximumConcurrentRequests = Setting("ingest-max-concurrent-requests") { configuration, text, source in
            configuration.ingestMaximumConcurrentRequests = try parseCount(text, source)
        }
        public static let ingestMaximumWaitingRequests = Setting("ingest-max-waiting-requests") { configuration, text, source in
            configuration.ingestMaximumWaitingRequests = try parseCount(text, source)
        }
        public static let ingestMaximumBodyBytes = Setting("ingest-max-body-bytes") { configuration, text, source in
            configuration.ingestMaximumBodyBytes = try parseSize(text, source)
        }
        public static let rollupMinuteRetention = Setting("rollup-minute-retention") { configuration, text, source in
            configuration.rollupMinuteRetention = try parseDuration(text, source)
        }
        public static let rollupHourRetention = Setting("rollup-hour-retention") { configuration, text, source in
            configuration.rollupHourRetention = try parseDuration(text, source)
        }
        public static let emitsServiceGraphMetrics = Setting("emit-service-graph-metrics", isSwitch: true) { configuration, text, source in
            configuration.emitsServiceGraphMetrics = try parseSwitch(text, source)
        }
        public static let runsDemo = Setting("demo", isSwitch: true) { configuration, text, source in
            configuration.runsDemo = try parseSwitch(text, source)
        }

        public static let prometheusURL = Setting("prometheus-url") { configuration, text, source in
            guard !text.isEmpty else { return }
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw ConfigurationError("\(source) must be an http or https URL, not \(Quoted.prefix(text))")
            }
            configuration.prometheusURL = text
        }
        public static let prometheusBearerToken = Setting("prometheus-bearer-token") { configuration, text, _ in
            configuration.prometheusBearerToken = text.isEmpty ? nil : text
        }
        public static let prometheusBasicAuth = Setting("prometheus-basic-auth") { configuration, text, source in
            guard !text.isEmpty else { return }
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ConfigurationError("\(source) must be user:password") }
            configuration.prometheusBasicAuth = BasicCredentials(username: parts[0], password: parts[1])
        }
        public static let prometheusTimeout = Setting("prometheus-timeout") { configuration, text, source in
            configuration.prometheusTimeout = try parseDuration(text, source)
        }
        public static let prometheusAttempts = Setting("prometheus-attempts") { configuration, text, source in
            configuration.prometheusAttempts = try parseCount(text, source)
        }
        public static let prometheusBackoff = Setting("prometheus-backoff") { configuration, text, source in
            configuration.prometheusBackoff = try parseDuration(text, source)
        }
        public static let prometheusMetricPrefix = Setting("prometheus-metric-prefix") { configuration, text, source in
            guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }) else {
                throw ConfigurationError("\(source) must be a metric name prefix (letters, digits, '_' and ':'), not \(Quoted.prefix(text))")
            }
            configuration.prometheusMetricPrefix = text
        }
        public static let prometheusLookback = Setting("prometheus-lookback") { configuration, text, source in
            configuration.prometheusLookback = try parseDuration(text, source)
        }
        /// `job=schedule` pairs separated by `;`: `rollup-retention=@every 5m;mark-stale-edges=0 3 * * *`.
        public static let schedules = Setting("schedule") { configuration, text, source in
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
        }
        public static let staleEdgeThreshold = Setting("stale-edge-threshold") { configuration, text, source in
            configuration.staleEdgeThreshold = try parseDuration(text, source)
        }
        public static let jobShutdownGrace = Setting("job-shutdown-grace") { configuration, text, source in
            configuration.jobShutdownGrace = try parseDuration(text, source)
        }
        public static let jobHistoryRuns = Setting("job-history-runs") { configuration, text, source in
            configuration.jobHistory.runs = try parseCount(text, source)
        }
        public static let jobHistoryAge = Setting("job-history-age") { configuration, text, source in
            configuration.jobHistory.age = try parseDuration(text, source)
        }
        public static let shutdownGrace = Setting("shutdown-grace") { configuration, text, source in
            configuration.shutdownGrace = try parseDuration(text, source)
        }
        public static let leaderLease = Setting("leader-lease") { configuration, text, source in
            let seconds = try parseDuration(text, source)
            guard seconds >= 3 else { throw ConfigurationError("\(source) must be at least 3s") }
            configuration.leaderLease = seconds
        }

        public static let rulesDirectory = Setting("rules") { configuration, text, _ in
            configuration.rulesDirectory = text
        }
        public static let alertingConfigPath = Setting("alerting-config") { configuration, text, _ in
            configuration.alertingConfigPath = text
        }
        public static let externalURL = Setting("external-url") { configuration, text, source in
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ConfigurationError("\(source) must be an http or https URL, not \(Quoted.prefix(text))")
            }
            configuration.externalURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        public static let probeTimeout = Setting("probe-timeout") { configuration, text, source in
            configuration.probeTimeout = try parseDuration(text, source)
        }
        public static let allowsLinkLocalProbes = Setting("allow-link-local-probes", isSwitch: true) { configuration, text, source in
            configuration.allowsLinkLocalProbes = try parseSwitch(text, source)
        }

        /// Every setting, in the order `--help` lists them.
        public static let all: [Setting] = [
            .host, .port, .dataDirectory, .databaseURL, .metricsPort, .maximumBodySize, .headerTimeout, .bodyTimeout, .logLevel,
            .otlpMaximumBodySize, .serviceGraphWait, .serviceGraphMaximumPending, .ingestMaximumQueuedSpans,
            .ingestMaximumConcurrentRequests, .ingestMaximumWaitingRequests, .ingestMaximumBodyBytes, .rollupMinuteRetention, .rollupHourRetention, .emitsServiceGraphMetrics, .runsDemo,
            .prometheusURL, .prometheusBearerToken, .prometheusBasicAuth, .prometheusTimeout, .prometheusAttempts,
            .prometheusBackoff, .prometheusMetricPrefix, .prometheusLookback, .schedules, .staleEdgeThreshold,
            .jobShutdownGrace, .jobHistoryRuns, .jobHistoryAge, .shutdownGrace, .leaderLease, .rulesDirectory, .alertingConfigPath, .externalURL, .probeTimeout, .allowsLinkLocalProbes,
        ]
    }

    /// Resolves the configuration: a flag wins over an environment variable, which wins over the
    /// YAML file, which wins over the default.
    ///
    /// - Parameters:
    ///   - flags: The settings given on the command line, by flag name.
    ///   - environment: The process environment.
    ///   - file: The text of the YAML configuration file, if one was given.
    public static func resolve(
        flags: [Setting: String],
        environment: [String: String],
        file: String? = nil
    ) throws -> ServerConfiguration {
        let fileValues = try file.map(parseFile) ?? [:]
        var configuration = ServerConfiguration()
        for setting in Setting.all {
            if let flag = flags[setting] {
                try setting.apply(&configuration, flag, "--\(setting.flag)")
            } else if let variable = environment[setting.environmentVariable] {
                try setting.apply(&configuration, variable, setting.environmentVariable)
            } else if let fileValue = fileValues[setting.flag] {
                try setting.apply(&configuration, fileValue, "\(Quoted.prefix(setting.flag)) in the config file")
            }
        }
        if let metricsPort = configuration.metricsPort, metricsPort != 0, metricsPort == configuration.port {
            throw ConfigurationError("the metrics port must differ from the API port \(metricsPort)")
        }
        guard configuration.rollupHourRetention >= configuration.rollupMinuteRetention else {
            throw ConfigurationError("rollup-hour-retention must be at least rollup-minute-retention")
        }
        return configuration
    }

    /// How long rollups are kept.
    public var retention: RollupRetention {
        RollupRetention(minuteRetention: Int64(rollupMinuteRetention), hourRetention: Int64(rollupHourRetention))
    }

    /// Reads the YAML file: a mapping from setting names (the flag names) to scalar values.
    static func parseFile(_ text: String) throws -> [String: String] {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError("the config file is not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard let node else { return [:] }
        guard let mapping = node.mapping else { throw ConfigurationError("the config file must be a YAML mapping of settings") }
        let known = Set(Setting.all.map(\.flag))
        var values: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw ConfigurationError("the config file has a key that is not a string") }
            guard known.contains(name) else {
                throw ConfigurationError("unknown setting \(Quoted.prefix(name)) in the config file; known: \(known.sorted().joined(separator: ", "))")
            }
            guard let scalar = value.scalar else { throw ConfigurationError("setting \(Quoted.prefix(name)) in the config file must be a single value") }
            values[name] = scalar.string
        }
        return values
    }
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

private func parseSwitch(_ text: String, _ source: String) throws -> Bool {
    switch text.lowercased() {
    case "true", "1", "yes", "on": return true
    case "false", "0", "no", "off", "": return false
    default: throw ConfigurationError("\(source) must be true or false, not \(Quoted.prefix(text))")
    }
}

/// Sizes written as bytes or with a binary suffix: `4194304`, `512KiB`, `4MiB`, `1GiB`.
public enum ByteSize {
    /// The number of bytes, or `nil` when the text is not a size.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("B", 1)]
        for (suffix, multiplier) in units where trimmed.hasSuffix(suffix) {
            guard let number = Int(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)) else { return nil }
            let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
            return overflow ? nil : product
        }
        return Int(trimmed)
    }
}
