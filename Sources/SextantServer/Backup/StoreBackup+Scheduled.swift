import Foundation
import Logging
import SextantCore
import SextantStorage

extension StoreBackup {
    /// The scheduled `backup` job: a backup named by its time in `directory`, then the oldest
    /// scheduled backups there deleted so that `keep` remain.
    static func takeScheduled(_ location: DatabaseLocation, into directory: String, keep: Int, clock: any WallClock, logger: Logger) async throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let name = BackupRetention.fileName(at: clock.now())
        let path = (directory as NSString).appendingPathComponent(name)
        let manifest = try await take(location, to: path, clock: clock, logger: logger)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        let removed = BackupRetention.toDelete(among: names, keep: keep)
        for old in removed { try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(old)) }
        let size = manifest.files.reduce(0) { $0 + $1.size }
        return "wrote \(name) (schema \(manifest.schemaVersion), \(size) bytes before compression); removed \(removed.count) older"
    }
}

extension SextantServer {
    /// `sextant backup`: a backup of the store serve's settings name, to `output` (default: a
    /// file named by the time in the working directory). Returns the path and the manifest.
    public static func backup(configuration: ServerConfiguration, output: String?, logger: Logger) async throws -> (path: String, manifest: BackupManifest) {
        let location = try DatabaseLocation.resolve(url: configuration.databaseURL, dataDirectory: configuration.dataDirectory)
        let path = output ?? BackupRetention.fileName(at: Date())
        return (path, try await StoreBackup.take(location, to: path, logger: logger))
    }

    /// `sextant restore`: restores `archive` into the empty store serve's settings name.
    public static func restore(configuration: ServerConfiguration, from archive: String, logger: Logger) async throws -> BackupManifest {
        let location = try DatabaseLocation.resolve(url: configuration.databaseURL, dataDirectory: configuration.dataDirectory)
        return try await StoreBackup.restore(archive, into: location, logger: logger)
    }
}
