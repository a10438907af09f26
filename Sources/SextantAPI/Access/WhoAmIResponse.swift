import Foundation
import SextantCore

/// The key a request presented, and what it may do.
public struct WhoAmIResponse: Codable, Sendable {
    public var id: String
    public var name: String
    public var role: Role
    public var environment: String?
    public var expiresAt: Date?
    public var permissions: [String]

    public init(_ record: APIKeyRecord) {
        id = record.id
        name = record.name
        role = record.role
        environment = record.environment
        expiresAt = record.expiresAt
        permissions = record.role.permissions.map(\.rawValue).sorted()
    }
}
