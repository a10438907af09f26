import Foundation
import Logging
import SextantCore
import Yams

extension ServerConfiguration {
    /// Resolves the configuration: a flag wins over an environment variable, which wins over the
    /// YAML file, which wins over the default.
    ///
    /// - Parameters:
    ///   - flags: The settings given on the command line, by flag name (see
    ///     ``Setting/parse(arguments:)``); an unknown name is refused.
    ///   - environment: The process environment.
    ///   - file: The text of the YAML configuration file, if one was given.
    public static func resolve(
        flags: [String: String],
        environment: [String: String],
        file: String? = nil
    ) throws -> ServerConfiguration {
        if let unknown = flags.keys.first(where: { Setting.named($0) == nil }) {
            throw ConfigurationError("unknown option \(Quoted.prefix("--" + unknown))")
        }
        let fileValues = try file.map(parseFile) ?? [:]
        var configuration = ServerConfiguration()
        for setting in Setting.all {
            if let flag = flags[setting.flag] {
                try setting.apply(&configuration, flag, "--\(setting.flag)")
            } else if let variable = environment[setting.environmentVariable] {
                try setting.apply(&configuration, variable, setting.environmentVariable)
            } else if let fileValue = fileValues[setting.flag] {
                try setting.apply(&configuration, fileValue, "\(Quoted.prefix(setting.flag)) in the config file")
            }
        }
        // The Vault token as a value only from the environment: never on a command line or in a file.
        if configuration.vaultToken == nil, let token = environment["SEXTANT_VAULT_TOKEN"], !token.isEmpty {
            configuration.vaultToken = Secret(token)
        }
        if configuration.vaultURL != nil, configuration.vaultToken == nil {
            throw ConfigurationError("--vault-url needs a token: --vault-token-file or SEXTANT_VAULT_TOKEN")
        }
        if configuration.vaultTransitKey != nil, configuration.vaultURL == nil {
            throw ConfigurationError("--vault-transit-key needs --vault-url")
        }
        if (configuration.tlsCertificatePath == nil) != (configuration.tlsKeyPath == nil) {
            throw ConfigurationError("--tls-cert and --tls-key go together")
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
