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

            """ + ServerConfiguration.Setting.usage
    )

    @Option(help: "A YAML configuration file (also SEXTANT_CONFIG).") var config: String?
    @Argument(parsing: .allUnrecognized, help: "Settings, as --name value: see below.") var settings: [String] = []

    func run() async throws {
        let configuration: ServerConfiguration
        do {
            configuration = try Self.resolveConfiguration(settings: settings, config: config)
        } catch {
            FileHandle.standardError.write(Data("sextant: error: \(error)\n".utf8))
            throw ExitCode(2)
        }

        let level = configuration.logLevel
        let format = configuration.logFormat.resolved
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label, format: format)
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

    static func resolveConfiguration(settings: [String], config: String?) throws -> ServerConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let flags = try ServerConfiguration.Setting.parse(arguments: settings)
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
