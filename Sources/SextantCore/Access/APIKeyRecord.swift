import Foundation

/// An API key as the store keeps it: everything but the secret, of which only a hash is kept.
public struct APIKeyRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var role: Role
    /// The environment the key is limited to, if any.
    public var environment: String?
    public var expiresAt: Date?
    public var createdBy: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    /// SHA-256 of the secret.
    public var secretHash: [UInt8]

    public init(id: String, name: String, role: Role, environment: String? = nil, expiresAt: Date? = nil, createdBy: String,
                createdAt: Date, lastUsedAt: Date? = nil, revokedAt: Date? = nil, secretHash: [UInt8]) {
        self.id = id
        self.name = name
        self.role = role
        self.environment = environment
        self.expiresAt = expiresAt
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
        self.secretHash = secretHash
    }

    /// Whether the key may be used at `now`: not revoked, not expired.
    public func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }
}
