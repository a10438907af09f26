import Foundation
import Logging
import Testing
import SextantStorage

@Suite("SQLite file modes")
struct SQLiteFileModeTests {
    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func theDataDirectoryAndTheDatabaseFilesAreTheOwnersAlone() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-modes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/data/sextant.db"
        let engine = try await SQLiteEngine.open(path: path, logger: Logger(label: "test"))
        try await engine.writeStatement("CREATE TABLE t (x INTEGER)")
        #expect(try Self.mode(root + "/data") == 0o700)
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(try Self.mode(file) == 0o600, "\(file)")
        }
        await engine.close()

        // A database left readable by others (as earlier versions made it) is closed off on open.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let reopened = try await SQLiteEngine.open(path: path, logger: Logger(label: "test"))
        #expect(try Self.mode(path) == 0o600)
        await reopened.close()
    }
}
