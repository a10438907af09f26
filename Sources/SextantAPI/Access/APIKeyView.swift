import Foundation
import SextantCore

/// A key as lists show it: never its secret.
public struct APIKeyView: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var role: Role
    public var environment: String?
    public var expiresAt: Date?
    public var createdBy: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    /// `active`, `expired` or `revoked`.
    public var state: String

    public init(_ record: APIKeyRecord, at now: Date) {
        id = record.id
        name = record.name
        role = record.role
        environment = record.environment
        expiresAt = record.expiresAt
        createdBy = record.createdBy
        createdAt = record.createdAt
        lastUsedAt = record.lastUsedAt
        revokedAt = record.revokedAt
        state = record.revokedAt != nil ? "revoked" : record.isUsable(at: now) ? "active" : "expired"
    }
}
