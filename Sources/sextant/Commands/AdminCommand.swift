import ArgumentParser
import Foundation
import Logging
import SextantServer

/// `sextant admin …`: what is done on the server's machine, against its store directly.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Act on the store directly, on the server's machine.", subcommands: [Bootstrap.self]
    )

    struct Bootstrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new admin key in the store (when every admin key is lost); it is written to <data-dir>/admin.key and audited.",
            discussion: "Takes serve's store settings: --data-dir, --database-url, --audit-key-file (and their SEXTANT_* variables)."
        )

        @Option(help: "A YAML configuration file (also SEXTANT_CONFIG).") var config: String?
        @Argument(parsing: .allUnrecognized, help: "Store settings, as --name value.") var settings: [String] = []

        func run() async throws {
            try await reportingFailures {
                let configuration = try ServeCommand.resolveConfiguration(settings: settings, config: config)
                let key = try await SextantServer.bootstrapAdmin(configuration: configuration, logger: quietLogger())
                print(key.text)
            }
        }
    }
}
