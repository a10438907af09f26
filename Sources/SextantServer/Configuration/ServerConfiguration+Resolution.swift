import Foundation
import Logging
import Yams

extension ServerConfiguration {
    /// One setting: its flag name (also its YAML key) and its environment variable.
    public struct Setting: Sendable, Hashable {
        /// The flag without dashes, such as `data-dir`; also the key in the YAML file.
        public let flag: String
        /// The environment variable, such as `SEXTANT_DATA_DIR`.
        public var environmentVariable: String {
            "SEXTANT_" + flag.uppercased().replacingOccurrences(of: "-", with: "_")
        }

        public static let host = Setting(flag: "host")
        public static let port = Setting(flag: "port")
        public static let dataDirectory = Setting(flag: "data-dir")
        public static let databaseURL = Setting(flag: "database-url")
        public static let metricsPort = Setting(flag: "metrics-port")
        public static let maximumBodySize = Setting(flag: "max-body-size")
        public static let logLevel = Setting(flag: "log-level")

        /// Every setting, in the order `--help` lists them.
        public static let all: [Setting] = [.host, .port, .dataDirectory, .databaseURL, .metricsPort, .maximumBodySize, .logLevel]
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
        func value(_ setting: Setting) -> (text: String, source: String)? {
            if let flag = flags[setting] { return (flag, "--\(setting.flag)") }
            if let variable = environment[setting.environmentVariable] { return (variable, setting.environmentVariable) }
            if let fileValue = fileValues[setting.flag] { return (fileValue, "'\(setting.flag)' in the config file") }
            return nil
        }

        var configuration = ServerConfiguration()
        if let (text, source) = value(.host) {
            guard !text.isEmpty else { throw ConfigurationError("\(source) must not be empty") }
            configuration.host = text
        }
        if let (text, source) = value(.port) {
            configuration.port = try parsePort(text, source: source)
        }
        if let (text, source) = value(.dataDirectory) {
            guard !text.isEmpty else { throw ConfigurationError("\(source) must not be empty") }
            configuration.dataDirectory = text
        }
        if let (text, _) = value(.databaseURL), !text.isEmpty {
            configuration.databaseURL = text
        }
        if let (text, source) = value(.metricsPort), !text.isEmpty {
            let port = try parsePort(text, source: source)
            if port != 0 && port == configuration.port {
                throw ConfigurationError("\(source) must differ from the API port \(port)")
            }
            configuration.metricsPort = port
        }
        if let (text, source) = value(.maximumBodySize) {
            guard let size = ByteSize.parse(text), size > 0 else {
                throw ConfigurationError("\(source) must be a positive size such as 4194304, 512KiB or 4MiB, not '\(text)'")
            }
            configuration.maximumBodySize = size
        }
        if let (text, source) = value(.logLevel) {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ConfigurationError("\(source) must be one of trace, debug, info, notice, warning, error, critical, not '\(text)'")
            }
            configuration.logLevel = level
        }
        return configuration
    }

    private static func parsePort(_ text: String, source: String) throws -> Int {
        guard let port = Int(text), (0...65_535).contains(port) else {
            throw ConfigurationError("\(source) must be a port number from 0 to 65535, not '\(text)'")
        }
        return port
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
                throw ConfigurationError("unknown setting '\(name)' in the config file; known: \(known.sorted().joined(separator: ", "))")
            }
            guard let scalar = value.scalar else { throw ConfigurationError("setting '\(name)' in the config file must be a single value") }
            values[name] = scalar.string
        }
        return values
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
