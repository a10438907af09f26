import Crypto
import Foundation
import SextantCore
import SextantStorage

/// Secrets as Sextant keeps them: every version sealed (AES-256-GCM) with a data key of its own,
/// bound to its environment, path and version; the data key wrapped by the keyring's newest
/// key-encryption key. Only ciphertext and wrapped keys reach the database.
struct SecretVault: Sendable {
    /// The longest secret value, in bytes.
    static let maximumValueBytes = 65_536

    let store: any SecretStore
    let seal: SecretSeal
    let clock: any WallClock

    func keys() throws -> any KeyEncryption {
        switch seal {
        case .open(let keys): return keys
        case .sealed(let reason): throw SecretFailure.sealed(reason)
        }
    }

    /// Stores `value` as the next version of `path`; with `expectedVersion` only while the newest
    /// is that one (0: none), 409 otherwise.
    func put(environment: String, path: String, value: String, expectedVersion: Int?, by author: String) async throws -> SecretVersionRecord {
        let keys = try keys()
        for _ in 0..<5 {
            let version = try await store.nextVersion(environment: environment, path: path)
            if let expectedVersion, expectedVersion != version - 1 {
                throw APIError(.conflict, code: "stale", message: "the newest version is \(version - 1), not \(expectedVersion)")
            }
            let context = Envelope.context(environment: environment, path: path, version: version)
            let dataKey = SymmetricKey(size: .bits256)
            let ciphertext = try Envelope.seal(Data(value.utf8), with: dataKey, context: context)
            let (wrapped, keyVersion) = try await keys.wrap(dataKey.withUnsafeBytes { Data($0) }, context: context)
            let record = SecretVersionRecord(environment: environment, path: path, version: version, ciphertext: ciphertext, wrappedKey: wrapped,
                                             keyVersion: keyVersion, createdBy: author, createdAt: clock.now())
            if try await store.write(record, expectedVersion: version - 1) { return record }
        }
        throw APIError(.conflict, code: "conflict", message: "the secret kept changing; try again")
    }

    /// The value of `record`: 404 once deleted, 410 once destroyed; 409 when its key is retired,
    /// 500 when its ciphertext or wrapped key fails the integrity check.
    func value(of record: SecretVersionRecord) async throws -> String {
        let name = "secret \(record.environment)/\(record.path) version \(record.version)"
        guard !record.destroyed else { throw APIError(.gone, code: "destroyed", message: "\(name) was destroyed") }
        guard record.deletedAt == nil else { throw APIError.notFound("\(name) is deleted", field: "version") }
        let context = Envelope.context(environment: record.environment, path: record.path, version: record.version)
        do {
            let dataKey = try await keys().unwrap(record.wrappedKey, version: record.keyVersion, context: context)
            return String(decoding: try Envelope.open(record.ciphertext, with: SymmetricKey(data: dataKey), context: context), as: UTF8.self)
        } catch SecretFailure.integrity(let reason) {
            throw SecretFailure.integrity("\(name) cannot be read: \(reason)")
        } catch SecretFailure.retired(let reason) {
            throw SecretFailure.retired("\(name) cannot be read: \(reason)")
        }
    }

    /// The newest version that can be read, or the asked one.
    func version(environment: String, path: String, number: Int?) async throws -> (SecretVersionRecord, all: [SecretVersionRecord]) {
        let versions = try await store.versions(environment: environment, path: path)
        guard let newest = versions.first else {
            throw APIError.notFound("there is no secret \(Quoted.prefix(path)) in \(environment)", field: "path")
        }
        guard let number else { return (newest, versions) }
        guard let asked = versions.first(where: { $0.version == number }) else {
            throw APIError.notFound("secret \(path) has no version \(number)", field: "version")
        }
        return (asked, versions)
    }

    /// Wraps every data key not under the newest key version anew, without decrypting a value;
    /// how many it wrapped. Keys under retired versions are left (they cannot be unwrapped).
    func rewrapAll() async throws -> Int {
        let keys = try keys()
        let status = try await keys.status()
        var count = 0
        var seen = Set<String>()
        while true {
            let batch = try await store.wrappedElsewhere(than: status.latestVersion, minimumVersion: status.minimumDecryptionVersion, limit: 500)
                .filter { seen.insert("\($0.environment)\u{0}\($0.path)\u{0}\($0.version)").inserted }
            if batch.isEmpty { return count }
            for record in batch {
                let context = Envelope.context(environment: record.environment, path: record.path, version: record.version)
                let (wrapped, version) = try await keys.rewrap(record.wrappedKey, version: record.keyVersion, context: context)
                if try await store.rewrap(environment: record.environment, path: record.path, version: record.version, old: record.wrappedKey,
                                          new: wrapped, keyVersion: version) { count += 1 }
            }
        }
    }
}
