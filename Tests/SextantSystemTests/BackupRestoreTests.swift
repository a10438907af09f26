#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import SextantCore
import SextantWire
import SextantTestSupport

/// `sextant backup` while the server takes exports, `sextant restore` into an empty store, and a
/// server on the restored store that still counts every export acknowledged before the backup.
@Suite("Backup and restore")
struct BackupRestoreTests {
    static let loaders = 4

    @Test(arguments: TestBackend.available)
    func aBackupTakenUnderLoadHoldsEveryAcknowledgedExport(_ backend: TestBackend) async throws {
        try await withTestDatabase(backend) { original in
            try await withTestDatabase(backend) { restored in
                let dataDirectory = original.directory + "/data"
                let storeArguments = ["--data-dir", dataDirectory, "--database-url", try #require(original.url)]
                let server = try SextantProcess(["serve", "--port", "0"] + storeArguments)
                let url = "http://127.0.0.1:\(try await server.port())"
                let load = LoadRecord()
                let backupFile = original.directory + "/backup.tar.gz"
                var before: Set<String> = []
                var during = 0

                try await withThrowingTaskGroup(of: Void.self) { group in
                    for loader in 0..<Self.loaders {
                        group.addTask { try await sendExports(loader: loader, to: url, record: load) }
                    }
                    let deadline = ContinuousClock.now + .seconds(60)
                    while load.acknowledgedCount < 40 && ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    before = Set(load.outcomes.filter(\.value).map(\.key))
                    let backup = try await runSextant(["backup", "--output", backupFile] + storeArguments)
                    during = load.acknowledgedCount - before.count
                    load.stop()
                    try await group.waitForAll()
                    #expect(backup.status == 0, "\(backup)")
                }
                server.signal(SIGTERM)
                _ = try await server.exitStatus()
                #expect(before.count >= 40, "first client error: \(load.firstError ?? "none")")
                // The server kept acknowledging exports while the backup was taken.
                #expect(during > 0)

                let restoredArguments = ["--data-dir", dataDirectory, "--database-url", try #require(restored.url)]
                let restore = try await runSextant(["restore", backupFile] + restoredArguments)
                #expect(restore.status == 0, "\(restore)")
                let again = try SextantProcess(["serve", "--port", "0"] + restoredArguments)
                let againURL = "http://127.0.0.1:\(try await again.port())"
                let counted = try await Self.countedOperations(at: againURL)
                again.signal(SIGTERM)
                _ = try await again.exitStatus()
                print("backup[\(backend)]: \(before.count) acknowledged before the backup, \(during) during it, \(counted.count) operations restored")
                for operation in before {
                    #expect(counted[operation] == DurabilityTests.spansPerRequest, "\(operation) counted \(counted[operation] ?? 0) times")
                }
                for (operation, count) in counted {
                    #expect(count == DurabilityTests.spansPerRequest, "\(operation) restored with \(count) spans")
                }
            }
        }
    }

    /// A truncated backup, a tampered file, a newer schema and a store that is not empty are each
    /// refused with a clear error, and nothing is written.
    @Test func badBackupsAndNonEmptyStoresAreRefused() async throws {
        try await withTestDatabase(.sqlite) { database in
            let dataDirectory = database.directory + "/data"
            let server = try SextantProcess(["serve", "--port", "0", "--data-dir", dataDirectory])
            let url = "http://127.0.0.1:\(try await server.port())"
            // A secret whose value must not be readable in the backup.
            let marker = "sx-backup-marker-\(UUID().uuidString.prefix(12))"
            #expect(try await runSextant(["env", "create", "staging", "--server", url]).status == 0)
            try marker.write(toFile: database.directory + "/value", atomically: true, encoding: .utf8)
            #expect(try await runSextant(["secret", "put", "staging", "db/password", "-f", database.directory + "/value", "--server", url]).status == 0)
            let backupFile = database.directory + "/good.tar.gz"
            let backup = try await runSextant(["backup", "--output", backupFile, "--data-dir", dataDirectory])
            #expect(backup.status == 0, "\(backup)")
            server.signal(SIGTERM)
            _ = try await server.exitStatus()

            // The backup holds the manifest and the store only (no master key, audit key or admin
            // key), and the secret only sealed.
            let listing = database.directory + "/listing"
            try FileManager.default.createDirectory(atPath: listing, withIntermediateDirectories: true)
            try await Self.tar(["-xzf", backupFile, "-C", listing])
            #expect(try FileManager.default.contentsOfDirectory(atPath: listing).sorted() == ["manifest.json", "sextant.db"])
            let store = try Data(contentsOf: URL(fileURLWithPath: listing + "/sextant.db"))
            #expect(store.range(of: Data(marker.utf8)) == nil, "the secret's value is in the backup in plain text")

            func refusal(_ file: String, into directory: String) async throws -> String {
                let outcome = try await runSextant(["restore", file, "--data-dir", directory])
                #expect(outcome.status == 1, "\(outcome)")
                #expect(!FileManager.default.fileExists(atPath: directory + "/sextant.db"), "restore wrote \(directory)/sextant.db")
                return outcome.error
            }

            // Truncated: anywhere, the last byte included.
            let archive = try Data(contentsOf: URL(fileURLWithPath: backupFile))
            for length in [archive.count / 2, archive.count - 1] {
                let cut = database.directory + "/cut-\(length).tar.gz"
                try archive.prefix(length).write(to: URL(fileURLWithPath: cut))
                #expect(try await refusal(cut, into: database.directory + "/cut-\(length)").contains("not a complete"))
            }

            // A byte of the store changed and the archive packed again with tar: the file is named.
            let unpacked = database.directory + "/unpacked"
            try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
            try await Self.tar(["-xzf", backupFile, "-C", unpacked])
            let damaged = try FileHandle(forUpdating: URL(fileURLWithPath: unpacked + "/sextant.db"))
            try damaged.seek(toOffset: 4_096)
            let byte = try #require(try damaged.read(upToCount: 1)).first!
            try damaged.seek(toOffset: 4_096)
            try damaged.write(contentsOf: Data([byte ^ 0xFF]))
            try damaged.close()
            let tampered = database.directory + "/tampered.tar.gz"
            try await Self.tar(["-czf", tampered, "-C", unpacked, "manifest.json", "sextant.db"])
            #expect(try await refusal(tampered, into: database.directory + "/tampered").contains("sextant.db failed its checksum"))

            // A backup of a newer schema (its manifest says so; the files match).
            try await Self.tar(["-xzf", backupFile, "-C", unpacked])
            let manifestPath = unpacked + "/manifest.json"
            var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath))) as? [String: Any])
            manifest["schemaVersion"] = 9_999
            try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: manifestPath))
            let newer = database.directory + "/newer.tar.gz"
            try await Self.tar(["-czf", newer, "-C", unpacked, "manifest.json", "sextant.db"])
            #expect(try await refusal(newer, into: database.directory + "/newer").contains("schema is at version 9999, newer than this Sextant knows"))

            // Into the store it came from: not empty, and left as it was.
            let before = try Data(contentsOf: URL(fileURLWithPath: dataDirectory + "/sextant.db"))
            let occupied = try await runSextant(["restore", backupFile, "--data-dir", dataDirectory])
            #expect(occupied.status == 1)
            #expect(occupied.error.contains("is not empty"), "\(occupied)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: dataDirectory + "/sextant.db")) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dataDirectory).allSatisfy { !$0.hasPrefix(".sextant-restore") })
        }
    }

    /// The scheduled `backup` job writes named backups to `--backup-directory` and keeps the
    /// newest `--backup-keep`; without a directory it is off and says why.
    @Test func theScheduledJobKeepsTheNewestBackups() async throws {
        try await withTestDatabase(.sqlite) { database in
            let backups = database.directory + "/backups"
            let server = try SextantProcess(["serve", "--port", "0", "--data-dir", database.directory + "/data",
                                             "--backup-directory", backups, "--backup-keep", "2"])
            let url = "http://127.0.0.1:\(try await server.port())"
            var messages: [String] = []
            for _ in 0..<3 {
                let triggered = try await httpPost("\(url)/api/v1/jobs/backup/run", json: [String: String]())
                #expect(triggered.status == 202, "\(triggered)")
                let runID = try #require((try JSONSerialization.jsonObject(with: Data(triggered.body.utf8)) as? [String: Any])?["runId"] as? String)
                try await awaitReadiness(of: "backup run \(runID)", within: .seconds(60)) {
                    guard let run = try? await httpGet("\(url)/api/v1/jobs/backup/runs/\(runID)") else { return false }
                    let object = try? JSONSerialization.jsonObject(with: Data(run.body.utf8)) as? [String: Any]
                    guard let outcome = object?["outcome"] as? String, outcome != "running" else { return false }
                    #expect(outcome == "succeeded", "\(run.body)")
                    messages.append(object?["message"] as? String ?? "")
                    return true
                }
            }
            server.signal(SIGTERM)
            _ = try await server.exitStatus()
            let kept = try FileManager.default.contentsOfDirectory(atPath: backups).sorted()
            #expect(kept.count == 2, "\(kept)")
            #expect(kept.allSatisfy { $0.hasPrefix("sextant-backup-") && $0.hasSuffix(".tar.gz") })
            #expect(messages.last?.contains("removed 1 older") == true, "\(messages)")
            let restore = try await runSextant(["restore", backups + "/" + kept[1], "--data-dir", database.directory + "/restored"])
            #expect(restore.status == 0, "\(restore)")

            let unconfigured = try SextantProcess(["serve", "--port", "0", "--data-dir", database.directory + "/other"])
            let otherURL = "http://127.0.0.1:\(try await unconfigured.port())"
            let refused = try await httpPost("\(otherURL)/api/v1/jobs/backup/run", json: [String: String]())
            #expect(refused.status == 409 && refused.body.contains("--backup-directory"), "\(refused)")
            unconfigured.signal(SIGTERM)
            _ = try await unconfigured.exitStatus()
        }
    }

    /// Requests counted per operation, over every loader's service.
    static func countedOperations(at url: String) async throws -> [String: Int] {
        var counted: [String: Int] = [:]
        for loader in 0..<loaders {
            let answer = try await httpGet("\(url)/api/v1/services/loader-\(loader)/red?window=1h")
            let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
            for operation in object?["operations"] as? [[String: Any]] ?? [] {
                let red = operation["red"] as? [String: Any]
                counted[operation["operation"] as? String ?? ""] = red?["requests"] as? Int
            }
        }
        return counted
    }

    static func tar(_ arguments: [String]) async throws {
        let child = try ChildProcess("/usr/bin/tar", arguments, environment: ProcessInfo.processInfo.environment)
        let status = try await child.exitStatus(timeout: .seconds(60))
        guard status == 0 else { throw ProcessFailure("tar \(arguments.joined(separator: " ")) exited \(status): \(child.output)") }
    }
}
