import Foundation
import Testing
import SextantCore

/// Which unpacked backups may be restored, as a table: the manifest's files, what was found,
/// the target engine and the schema this Sextant knows.
@Suite("Backup checks")
struct BackupCheckTests {
    static let store = BackupManifest.File(name: "sextant.db", size: 4_096, sha256: String(repeating: "ab", count: 32))

    static func manifest(schema: Int = 14, engine: String = "sqlite", files: [BackupManifest.File] = [store]) -> BackupManifest {
        BackupManifest(engine: engine, schemaVersion: schema, createdAt: Date(timeIntervalSince1970: 0), sextantVersion: "0.1.0", files: files)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var manifest: BackupManifest
        var found: [BackupManifest.File]
        var target = "sqlite"
        var known = 14
        var refusal: BackupCheck.Refusal?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "every file matches", manifest: manifest(), found: [store], refusal: nil),
        Case(name: "an older schema is restored (serve migrates it)", manifest: manifest(schema: 9), found: [store], refusal: nil),
        Case(name: "checksums compare without regard to case", manifest: manifest(files: [.init(name: "sextant.db", size: 4_096, sha256: String(repeating: "AB", count: 32))]),
             found: [store], refusal: nil),
        Case(name: "a changed byte", manifest: manifest(), found: [.init(name: "sextant.db", size: 4_096, sha256: String(repeating: "cd", count: 32))],
             refusal: .checksumMismatch(file: "sextant.db")),
        Case(name: "a shorter file", manifest: manifest(), found: [.init(name: "sextant.db", size: 4_000, sha256: store.sha256)],
             refusal: .sizeMismatch(file: "sextant.db", expected: 4_096, found: 4_000)),
        Case(name: "a listed file missing", manifest: manifest(), found: [], refusal: .missingFile("sextant.db")),
        Case(name: "a file the manifest does not list", manifest: manifest(), found: [store, .init(name: "extra", size: 1, sha256: "00")],
             refusal: .unlistedFile("extra")),
        Case(name: "a newer schema", manifest: manifest(schema: 15), found: [store], refusal: .newerSchema(backup: 15, known: 14)),
        Case(name: "another engine", manifest: manifest(), found: [store], target: "postgres", refusal: .otherEngine(backup: "sqlite", target: "postgres")),
        Case(name: "checksums are judged before the schema", manifest: manifest(schema: 99), found: [], refusal: .missingFile("sextant.db")),
    ]

    @Test(arguments: cases)
    func verdict(_ row: Case) {
        let found = Dictionary(uniqueKeysWithValues: row.found.map { ($0.name, $0) })
        #expect(BackupCheck.verify(row.manifest, found: found, targetEngine: row.target, knownSchemaVersion: row.known) == row.refusal)
    }

    @Test func anUnknownFormatIsRefused() {
        var manifest = Self.manifest()
        manifest.format = "sextant-backup/2"
        #expect(BackupCheck.verify(manifest, found: ["sextant.db": Self.store], targetEngine: "sqlite", knownSchemaVersion: 14)
            == .unknownFormat("sextant-backup/2"))
    }

    @Test func refusalsNameTheFile() {
        #expect(BackupCheck.Refusal.checksumMismatch(file: "sextant.db").description.hasPrefix("sextant.db failed its checksum"))
        #expect(BackupCheck.Refusal.sizeMismatch(file: "sextant.pgdump", expected: 2, found: 1).description.hasPrefix("sextant.pgdump failed its checksum"))
    }

    @Test func scheduledBackupsSortByTimeAndTheNewestAreKept() {
        let names = [0, 86_400, 3_600.25, 90_000].map { BackupRetention.fileName(at: Date(timeIntervalSince1970: 1_764_547_200 + $0)) }
        #expect(names[0] == "sextant-backup-20251201T000000.000Z.tar.gz")
        #expect(names[2] == "sextant-backup-20251201T010000.250Z.tar.gz")
        let directory = names + ["notes.txt", "sextant-backup-20251201T000000.000Z.tar.gz.partial", "sextant.db"]
        #expect(BackupRetention.toDelete(among: directory, keep: 2) == [names[0], names[2]])
        #expect(BackupRetention.toDelete(among: directory, keep: 10) == [])
        #expect(BackupRetention.toDelete(among: directory, keep: 1).count == 3)
    }
}
