import Foundation
import Logging
import SextantCore
import SextantStorage
import SQLKit

/// Takes and restores backups of a store, online: SQLite through `VACUUM INTO` (a consistent
/// snapshot read beside the running server's writers), PostgreSQL through `pg_dump` (one
/// repeatable-read snapshot) and `pg_restore`. Secrets stay as they are stored: sealed by the
/// master key, which is never in a backup.
public enum StoreBackup {
    /// Why a backup or a restore did not happen; nothing was changed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// The data file of each engine inside the archive.
    static func dataFileName(for kind: DatabaseKind) -> String {
        kind == .sqlite ? "sextant.db" : "sextant.pgdump"
    }

    /// Takes a consistent backup of the store at `location` and writes it to `output`.
    @discardableResult
    public static func take(_ location: DatabaseLocation, to output: String, clock: any WallClock = SystemClock(), logger: Logger) async throws -> BackupManifest {
        let outputDirectory = ((output as NSString).deletingLastPathComponent as NSString).standardizingPath
        let staging = ((outputDirectory.isEmpty ? "." : outputDirectory) as NSString).appendingPathComponent(".sextant-backup-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let dataFile = (staging as NSString).appendingPathComponent(dataFileName(for: location.kind))

        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            throw Failure("there is no store at \(path)")
        }
        let version = try await withOpenStore(location, logger: logger) { engine in
            let version = try await Self.schemaVersion(of: engine)
            switch location {
            case .sqlite:
                try await engine.withSession { database in
                    try await database.raw("VACUUM INTO \(bind: dataFile)").run()
                }
            case .postgres(let settings):
                try await PostgresTools.dump(settings, to: dataFile)
            }
            return version
        }
        let file = try BackupArchive.digest(ofFile: dataFile)
        let manifest = BackupManifest(
            engine: location.kind.rawValue, schemaVersion: version, createdAt: clock.now(), sextantVersion: SextantVersion.current, files: [file]
        )
        try await BackupArchive.write(manifest: manifest, paths: [dataFile], to: output, clock: clock)
        return manifest
    }

    /// Restores the backup `archive` into the empty store at `location`, after checking every
    /// file against the manifest, the engine, and the schema version this Sextant knows.
    @discardableResult
    public static func restore(_ archive: String, into location: DatabaseLocation, logger: Logger) async throws -> BackupManifest {
        guard FileManager.default.fileExists(atPath: archive) else { throw Failure("there is no backup at \(archive)") }
        let staging: String
        switch location {
        case .sqlite(let path):
            try refuseUnlessEmpty(sqlite: path)
            let directory = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
            staging = ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent(".sextant-restore-\(UUID().uuidString.lowercased())")
        case .postgres:
            staging = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-restore-\(UUID().uuidString.lowercased())").path
        }
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: staging) }

        let unpacked: BackupArchive.Unpacked
        do {
            unpacked = try BackupArchive.unpack(archive, into: staging)
        } catch let error as BackupArchive.Unreadable {
            throw Failure(error.description)
        }
        if let refusal = BackupCheck.verify(
            unpacked.manifest, found: unpacked.found, targetEngine: location.kind.rawValue, knownSchemaVersion: Migrations.latestVersion
        ) {
            throw Failure(refusal.description)
        }
        let dataFile = (staging as NSString).appendingPathComponent(dataFileName(for: location.kind))
        guard FileManager.default.fileExists(atPath: dataFile) else {
            throw Failure("the backup holds no \(dataFileName(for: location.kind))")
        }
        switch location {
        case .sqlite(let path):
            try refuseUnlessEmpty(sqlite: path)
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
            guard rename(dataFile, path) == 0 else { throw Failure("cannot move the restored store to \(path): \(String(cString: strerror(errno)))") }
            chmod(path, 0o600)
        case .postgres(let settings):
            try await withOpenStore(location, logger: logger) { engine in
                let tables = try await engine.read { database in
                    try await database.raw("""
                        SELECT count(*) AS tables FROM information_schema.tables
                        WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
                        """).first()?.decode(column: "tables", as: Int.self) ?? 0
                }
                guard tables == 0 else {
                    throw Failure("the database \(settings.database) is not empty (\(tables) tables); restore only into an empty database")
                }
            }
            try await PostgresTools.restore(dataFile, into: settings)
        }
        return unpacked.manifest
    }

    private static func refuseUnlessEmpty(sqlite path: String) throws {
        for candidate in [path, path + "-wal"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: candidate)[.size] as? Int) ?? 0
            if size > 0 {
                throw Failure("the store at \(path) is not empty; restore only into an empty data directory or database")
            }
        }
    }

    /// The newest migration applied to the store.
    static func schemaVersion(of engine: any SQLEngine) async throws -> Int {
        do {
            return try await engine.read { database in
                try await database.raw("SELECT max(version) AS version FROM sextant_schema_migrations").first()?
                    .decode(column: "version", as: Int?.self) ?? 0
            }
        } catch {
            throw Failure("the store holds no Sextant schema (\(error))")
        }
    }
}
