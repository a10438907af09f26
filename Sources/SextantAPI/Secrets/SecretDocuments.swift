import Foundation

/// `PUT /api/v1/secrets/{environment}/{path}`: the value (UTF-8 text, at most 64 KiB).
public struct SecretPutRequest: Codable, Sendable, Equatable {
    public var value: String

    public init(value: String) {
        self.value = value
    }
}

/// `POST /api/v1/secrets/{environment}/{path}`: bring soft-deleted versions back.
public struct SecretUndeleteRequest: Codable, Sendable, Equatable {
    public var undelete: [Int]

    public init(undelete: [Int]) {
        self.undelete = undelete
    }
}

/// A secret's metadata (never its value): every version with its times and who wrote it.
public struct SecretView: Codable, Sendable, Equatable {
    public struct Version: Codable, Sendable, Equatable {
        public var version: Int
        public var createdBy: String
        public var createdAt: Date
        public var deletedAt: Date?
        public var destroyed: Bool
        /// The keyring version its data key is wrapped by.
        public var keyVersion: Int

        public init(version: Int, createdBy: String, createdAt: Date, deletedAt: Date?, destroyed: Bool, keyVersion: Int) {
            self.version = version
            self.createdBy = createdBy
            self.createdAt = createdAt
            self.deletedAt = deletedAt
            self.destroyed = destroyed
            self.keyVersion = keyVersion
        }
    }

    public var environment: String
    public var path: String
    public var currentVersion: Int
    public var versions: [Version]
    /// Only with `?reveal=true`, for a caller allowed to read secret values: the asked version's value.
    public var value: String?

    public init(environment: String, path: String, currentVersion: Int, versions: [Version], value: String? = nil) {
        self.environment = environment
        self.path = path
        self.currentVersion = currentVersion
        self.versions = versions
        self.value = value
    }
}

/// `GET /api/v1/secrets/{environment}`: the secrets under `?prefix=`, metadata only.
public struct SecretList: Codable, Sendable, Equatable {
    public var secrets: [SecretView]

    public init(secrets: [SecretView]) {
        self.secrets = secrets
    }
}

/// `PUT /api/v1/keyring`: retire every key-encryption key below `minimumDecryptionVersion`.
/// Refused while data keys are still wrapped by one, unless `force` (those secrets then cannot be read).
public struct KeyringRequest: Codable, Sendable, Equatable {
    public var minimumDecryptionVersion: Int
    public var force: Bool?

    public init(minimumDecryptionVersion: Int, force: Bool? = nil) {
        self.minimumDecryptionVersion = minimumDecryptionVersion
        self.force = force
    }
}

/// The keyring: where it comes from, its versions, and how many data keys each wraps.
public struct KeyringView: Codable, Sendable, Equatable {
    public var source: String
    public var sealed: Bool
    public var reason: String?
    public var latestVersion: Int?
    public var minimumDecryptionVersion: Int?
    public var versions: [Int]
    /// Data keys wrapped by each key version ("1": 12).
    public var wrapped: [String: Int]
    /// `POST /api/v1/keyring/rewrap`: how many data keys were wrapped anew.
    public var rewrapped: Int?

    public init(source: String, sealed: Bool, reason: String?, latestVersion: Int?, minimumDecryptionVersion: Int?, versions: [Int],
                wrapped: [String: Int], rewrapped: Int? = nil) {
        self.source = source
        self.sealed = sealed
        self.reason = reason
        self.latestVersion = latestVersion
        self.minimumDecryptionVersion = minimumDecryptionVersion
        self.versions = versions
        self.wrapped = wrapped
        self.rewrapped = rewrapped
    }
}
