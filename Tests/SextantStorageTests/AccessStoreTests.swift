import Foundation
import SQLKit
import Testing
import SextantCore
import SextantStorage
import SextantTestSupport

@Suite("Key and audit stores")
struct AccessStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let auditKey = Array("kept-outside-the-database".utf8)

    static func newKey(_ role: Role, name: String, at time: Date = t0, expiresAt: Date? = nil) -> (APIKeyText, APIKeyRecord) {
        var random = SystemRandomNumberGenerator()
        let key = APIKeyText.generate(using: &random)
        return (key, APIKeyRecord(id: key.id, name: name, role: role, expiresAt: expiresAt, createdBy: "bootstrap", createdAt: time,
                                  secretHash: key.secretHash))
    }

    @Test(arguments: TestBackend.available)
    func keysAreKeptWithoutTheirSecretsAndRevokedOnce(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLAPIKeyStore(engine: engine)
            #expect(try await store.hasUsableAdminKey(at: Self.t0) == false)
            let (adminKey, admin) = Self.newKey(.admin, name: "first admin")
            let (_, collector) = Self.newKey(.ingest, name: "collector", at: Self.t0.addingTimeInterval(1), expiresAt: Self.t0.addingTimeInterval(3_600))
            try await store.createKey(admin)
            try await store.createKey(collector)
            await #expect(throws: StoreError.self) { try await store.createKey(admin) }

            #expect(try await store.key(id: admin.id) == admin)
            #expect(try await store.keys().map(\.name) == ["collector", "first admin"])
            #expect(try await store.hasUsableAdminKey(at: Self.t0))
            // The secret itself is nowhere in the table.
            let stored = try await engine.read { database in try await database.raw("SELECT * FROM api_keys").all() }
            #expect(stored.count == 2)
            let dump = try stored.map { row in try row.allColumns.map { (try? row.decode(column: $0, as: String.self)) ?? "" }.joined() }.joined()
            #expect(!dump.contains(adminKey.secret) && dump.contains(Hex.encode(adminKey.secretHash)))

            try await store.recordUse(ofKey: admin.id, at: Self.t0.addingTimeInterval(5))
            #expect(try await store.key(id: admin.id)?.lastUsedAt == Self.t0.addingTimeInterval(5))
            #expect(try await store.revokeKey(id: admin.id, at: Self.t0.addingTimeInterval(10)))
            #expect(try await store.revokeKey(id: admin.id, at: Self.t0.addingTimeInterval(11)) == false)
            #expect(try await store.revokeKey(id: "nosuchkey000", at: Self.t0) == false)
            #expect(try await store.key(id: admin.id)?.revokedAt == Self.t0.addingTimeInterval(10))
            #expect(try await store.hasUsableAdminKey(at: Self.t0.addingTimeInterval(10)) == false)
        }
    }

    static func entry(_ action: String, at offset: Double) -> AuditEntry {
        AuditEntry(sequence: 0, time: t0.addingTimeInterval(offset), requestID: "req-\(action)", keyID: "K1", keyName: "ops", role: .operator,
                   source: "127.0.0.1", method: "PUT", route: "/api/v1/components/{name}", resource: "component/api", action: action,
                   outcome: .allowed, status: 200, versionBefore: 1, versionAfter: 2)
    }

    /// Concurrent appends form one chain; an edit made with database access alone is found.
    @Test(arguments: TestBackend.available)
    func appendsChainAndAnEditInTheDatabaseIsFound(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLAuditStore(engine: engine)
            #expect(try await store.firstBrokenRecord(key: Self.auditKey) == nil)
            try await withThrowingTaskGroup(of: AuditEntry.self) { group in
                for index in 0..<20 { group.addTask { try await store.append(Self.entry("update-\(index)", at: Double(index) + 0.000_7 * Double(index)), sealedWith: Self.auditKey) } }
                try await group.waitForAll()
            }
            let all = try await store.entries(from: 1, limit: 100)
            #expect(all.map(\.sequence) == Array(1...20))
            #expect(try await store.firstBrokenRecord(key: Self.auditKey, pageSize: 7) == nil)

            try await engine.write { database in try await database.raw("UPDATE audit_log SET outcome = 'denied' WHERE sequence = 12").run() }
            #expect(try await store.firstBrokenRecord(key: Self.auditKey, pageSize: 7) == 12)
            try await engine.write { database in try await database.raw("UPDATE audit_log SET outcome = 'allowed' WHERE sequence = 12").run() }
            try await engine.write { database in try await database.raw("DELETE FROM audit_log WHERE sequence = 15").run() }
            #expect(try await store.firstBrokenRecord(key: Self.auditKey, pageSize: 7) == 15)
            try await engine.write { database in try await database.raw("UPDATE audit_log SET role = 'emperor' WHERE sequence = 3").run() }
            #expect(try await store.firstBrokenRecord(key: Self.auditKey) == 3)
        }
    }

    /// Deleting the newest records, or the sealed head itself, is found; a head forged without
    /// the key is refused.
    @Test(arguments: TestBackend.available)
    func deletingTheNewestRecordsIsFoundThroughTheSealedHead(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLAuditStore(engine: engine)
            for index in 0..<10 { _ = try await store.append(Self.entry("update-\(index)", at: Double(index)), sealedWith: Self.auditKey) }
            #expect(try await store.firstBrokenRecord(key: Self.auditKey, pageSize: 4) == nil)
            #expect(try await store.head()?.sequence == 10)

            try await engine.writeStatement("DELETE FROM audit_log WHERE sequence >= 9")
            #expect(try await store.firstBrokenRecord(key: Self.auditKey, pageSize: 4) == 9)
            // Pointing the head at the new last record needs the key.
            let eighth = try #require(try await store.entries(from: 8, limit: 1).first)
            let forged = AuditChain.headSeal(sequence: 8, mac: eighth.mac, key: Array("not the key".utf8))
            try await engine.writeStatement("UPDATE audit_head SET sequence = 8, mac = \(bind: Hex.encode(eighth.mac)), seal = \(bind: Hex.encode(forged))")
            #expect(try await store.firstBrokenRecord(key: Self.auditKey) == 8)
            try await engine.writeStatement("DELETE FROM audit_head")
            #expect(try await store.firstBrokenRecord(key: Self.auditKey) == 9)
            // The next append writes the head again: the trail verifies from there on.
            _ = try await store.append(Self.entry("after", at: 20), sealedWith: Self.auditKey)
            #expect(try await store.firstBrokenRecord(key: Self.auditKey) == nil)
        }
    }
}
