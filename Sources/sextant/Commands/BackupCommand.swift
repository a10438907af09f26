import ArgumentParser
import Foundation
import Logging
import SextantServer

/// `sextant backup`: a consistent online backup of the store, taken on the server's machine
/// with serve's store settings while Sextant keeps serving.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Take a consistent backup of the store while Sextant runs (a .tar.gz with a manifest and checksums).",
        discussion: """
            Takes serve's store settings: --data-dir or --database-url (and their SEXTANT_* variables). \
            SQLite is copied with VACUUM INTO, PostgreSQL dumped with pg_dump. The master key and the \
            audit key are not in the backup: keep copies of <data-dir>/master.key and audit.key apart from it.
            """
    )

    @Option(name: .shortAndLong, help: "Where to write the backup (default sextant-backup-<time>.tar.gz here).") var output: String?
    @Option(help: "A YAML configuration file (also SEXTANT_CONFIG).") var config: String?
    @Argument(parsing: .allUnrecognized, help: "Store settings, as --name value.") var settings: [String] = []

    func run() async throws {
        try await reportingFailures {
            let configuration = try ServeCommand.resolveConfiguration(settings: settings, config: config)
            let (path, manifest) = try await SextantServer.backup(configuration: configuration, output: output, logger: quietLogger())
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            print("wrote \(path): \(manifest.engine), schema \(manifest.schemaVersion), \(size) bytes")
        }
    }
}

/// `sextant restore FILE`: restores a backup into an empty data directory or database.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into an empty data directory or database, after checking every file's checksum.",
        discussion: """
            Takes serve's store settings: --data-dir or --database-url. Refuses a store that is not \
            empty, a backup whose files do not match their checksums, and a backup of a newer schema. \
            Put the master key (and audit key) back beside the store before serving it.
            """
    )

    @Argument(help: "The backup file.") var file: String
    @Option(help: "A YAML configuration file (also SEXTANT_CONFIG).") var config: String?
    @Argument(parsing: .allUnrecognized, help: "Store settings, as --name value.") var settings: [String] = []

    func run() async throws {
        try await reportingFailures {
            let configuration = try ServeCommand.resolveConfiguration(settings: settings, config: config)
            let manifest = try await SextantServer.restore(configuration: configuration, from: file, logger: quietLogger())
            print("restored the backup of \(manifest.createdAt.formatted(.iso8601)) (\(manifest.engine), schema \(manifest.schemaVersion))")
        }
    }
}

/// A logger for commands that act on the store: warnings and worse only.
func quietLogger() -> Logger {
    var logger = Logger(label: "sextant")
    logger.logLevel = .warning
    return logger
}

/// Runs `body`; any error is printed on one line to standard error and the command exits 1.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        FileHandle.standardError.write(Data("sextant: error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}
