import Foundation
import SQLKit
import Testing
import SextantCore
import SextantStorage
import SextantTestSupport

@Suite("Configuration and secret stores")
struct ConfigurationStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: TestBackend.available)
    func versionsCheckAndSetTombstonesAndChangeIndexes(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLConfigurationStore(engine: engine)
            try await store.createEnvironment(EnvironmentRecord(name: "staging", protected: false, description: nil, createdBy: "ops", createdAt: Self.t0))
            await #expect(throws: StoreError.self) {
                try await store.createEnvironment(EnvironmentRecord(name: "staging", protected: true, description: nil, createdBy: "ops", createdAt: Self.t0))
            }
            #expect(try await store.environments().map(\.name) == ["staging"])

            let first = try #require(try await store.write(environment: "staging", key: "payments.db", value: #"{"port":5432}"#, expectedVersion: 0,
                                                           createdBy: "ops", at: Self.t0, promotedFrom: nil))
            #expect(first.version == 1)
            // A stale check-and-set changes nothing.
            #expect(try await store.write(environment: "staging", key: "payments.db", value: "1", expectedVersion: 0, createdBy: "ops", at: Self.t0,
                                          promotedFrom: nil) == nil)
            let second = try #require(try await store.write(environment: "staging", key: "payments.db", value: #"{"port":6432}"#, expectedVersion: 1,
                                                            createdBy: "ops", at: Self.t0, promotedFrom: nil))
            #expect(second.version == 2 && second.changeIndex > first.changeIndex)
            _ = try await store.write(environment: "staging", key: "payments_other", value: "true", expectedVersion: nil, createdBy: "ops", at: Self.t0,
                                      promotedFrom: nil)
            let listed = try await store.list(environment: "staging", prefix: "payments.", limit: 100)
            #expect(listed.map(\.key) == ["payments.db"] && listed.first?.value == #"{"port":6432}"#)   // '_' is no wildcard
            let before = try await store.changeIndex(environment: "staging", prefix: "payments.")
            let tombstone = try #require(try await store.write(environment: "staging", key: "payments.db", value: nil, expectedVersion: nil,
                                                               createdBy: "ops", at: Self.t0, promotedFrom: nil))
            #expect(tombstone.isTombstone && tombstone.version == 3)
            #expect(try await store.list(environment: "staging", prefix: "payments.", limit: 100).isEmpty)
            #expect(try await store.changeIndex(environment: "staging", prefix: "payments.") > before)
            #expect(try await store.versions(environment: "staging", key: "payments.db", limit: 10).map(\.version) == [3, 2, 1])
            #expect(try await store.version(environment: "staging", key: "payments.db", version: 1)?.value == #"{"port":5432}"#)
            #expect(try await store.changeIndex(environment: "production", prefix: "") == 0)

            try await store.putSchema(ConfigSchemaRecord(name: "db", appliesTo: "payments.*", document: "{}", createdBy: "ops", createdAt: Self.t0))
            #expect(try await store.schemas().first?.applies(to: "payments.db") == true)
            let deleted = try await store.deleteSchema(named: "db")
            let again = try await store.deleteSchema(named: "db")
            #expect(deleted && !again)
        }
    }

    @Test(arguments: TestBackend.available)
    func secretVersionsRewrapAndTheKeyringTakesTurns(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLSecretStore(engine: engine)
            func record(_ version: Int, keyVersion: Int = 1) -> SecretVersionRecord {
                SecretVersionRecord(environment: "staging", path: "db/password", version: version, ciphertext: "c\(version)", wrappedKey: "w\(version)",
                                    keyVersion: keyVersion, createdBy: "ops", createdAt: Self.t0)
            }
            #expect(try await store.nextVersion(environment: "staging", path: "db/password") == 1)
            #expect(try await store.write(record(1), expectedVersion: 0))
            #expect(try await store.write(record(1), expectedVersion: nil) == false)   // the number is taken
            #expect(try await store.write(record(2), expectedVersion: 0) == false)     // stale
            #expect(try await store.write(record(2, keyVersion: 2), expectedVersion: 1))
            #expect(try await store.versions(environment: "staging", path: "db/password").map(\.version) == [2, 1])
            #expect(try await store.secrets(environment: "staging", prefix: "db/", limit: 10).map(\.version) == [2])
            #expect(try await store.wrapCounts() == [1: 1, 2: 1])
            #expect(try await store.wrappedElsewhere(than: 2, minimumVersion: 1, limit: 10).map(\.version) == [1])
            #expect(try await store.rewrap(environment: "staging", path: "db/password", version: 1, old: "w1", new: "w1b", keyVersion: 2))
            #expect(try await store.rewrap(environment: "staging", path: "db/password", version: 1, old: "w1", new: "w1c", keyVersion: 2) == false)
            #expect(try await store.wrapCounts() == [2: 2])
            #expect(try await store.markDeleted(environment: "staging", path: "db/password", versions: [2], at: Self.t0) == 1)
            #expect(try await store.destroy(environment: "staging", path: "db/password", versions: [1]) == 1)
            let versions = try await store.versions(environment: "staging", path: "db/password")
            #expect(versions[0].deletedAt == Self.t0 && versions[1].destroyed && versions[1].ciphertext.isEmpty)

            #expect(try await store.keyring() == nil)
            #expect(try await store.saveKeyring("k1", revision: 1))
            #expect(try await store.saveKeyring("k1'", revision: 1) == false)
            #expect(try await store.saveKeyring("k2", revision: 2))
            #expect(try await store.saveKeyring("k2'", revision: 2) == false)
            #expect(try await store.keyring()?.body == "k2")
        }
    }
}
