import Foundation

/// One version of a secret as stored: ciphertext and the wrapped data key, never the value.
public struct SecretVersionRecord: Sendable, Equatable {
    public var environment: String
    public var path: String
    public var version: Int
    /// Nonce, ciphertext and tag, base64; empty once destroyed.
    public var ciphertext: String
    /// The data key wrapped by a key-encryption key, base64; empty once destroyed.
    public var wrappedKey: String
    /// The keyring version that wrapped the data key.
    public var keyVersion: Int
    public var createdBy: String
    public var createdAt: Date
    public var deletedAt: Date?
    public var destroyed: Bool

    public init(environment: String, path: String, version: Int, ciphertext: String, wrappedKey: String, keyVersion: Int, createdBy: String,
                createdAt: Date, deletedAt: Date? = nil, destroyed: Bool = false) {
        self.environment = environment
        self.path = path
        self.version = version
        self.ciphertext = ciphertext
        self.wrappedKey = wrappedKey
        self.keyVersion = keyVersion
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.deletedAt = deletedAt
        self.destroyed = destroyed
    }
}

/// Secret versions and the sealed keyring.
public protocol SecretStore: Sendable {
    /// The next version number of `path`, given what is stored: 1 for a new secret.
    func nextVersion(environment: String, path: String) async throws -> Int
    /// Stores `record` as its version; with `expectedVersion`, only while the newest is that one
    /// (0: none); `false` when it is not or another writer took the number.
    func write(_ record: SecretVersionRecord, expectedVersion: Int?) async throws -> Bool
    /// Versions of `path`, newest first.
    func versions(environment: String, path: String) async throws -> [SecretVersionRecord]
    /// The newest version of every secret under `prefix`, by path.
    func secrets(environment: String, prefix: String, limit: Int) async throws -> [SecretVersionRecord]
    /// Marks versions deleted (`at`) or, with `nil`, undeleted; how many changed.
    func markDeleted(environment: String, path: String, versions: [Int], at: Date?) async throws -> Int
    /// Removes the ciphertext and wrapped key of versions for good; how many changed.
    func destroy(environment: String, path: String, versions: [Int]) async throws -> Int
    /// Every version not destroyed whose data key is wrapped by a key version other than
    /// `keyVersion`, and not below `minimumVersion`.
    func wrappedElsewhere(than keyVersion: Int, minimumVersion: Int, limit: Int) async throws -> [SecretVersionRecord]
    /// How many versions not destroyed each key version wraps.
    func wrapCounts() async throws -> [Int: Int]
    /// Replaces a version's wrapped key, only while it is still `old`; whether it did.
    func rewrap(environment: String, path: String, version: Int, old: String, new: String, keyVersion: Int) async throws -> Bool

    /// The sealed keyring and its revision; `nil` before the first.
    func keyring() async throws -> (body: String, revision: Int)?
    /// Stores the keyring as `revision`, only while the stored one is `revision - 1` (none for 1).
    func saveKeyring(_ body: String, revision: Int) async throws -> Bool
}
