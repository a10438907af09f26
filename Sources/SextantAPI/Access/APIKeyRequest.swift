import Foundation
import SextantCore

/// A key to create: its name, its role, and optionally the environment it is limited to and
/// when it expires (`expiresAt`, RFC 3339, or `expiresIn`, such as `90d`).
public struct APIKeyRequest: Codable, Sendable {
    /// Names are 1–100 characters.
    public static let maximumNameLength = 100

    public var name: String
    public var role: Role
    public var environment: String?
    public var expiresAt: Date?
    public var expiresIn: String?

    private enum CodingKeys: String, CodingKey { case name, role, environment, expiresAt, expiresIn }

    public init(name: String, role: Role, environment: String? = nil, expiresAt: Date? = nil, expiresIn: String? = nil) {
        self.name = name
        self.role = role
        self.environment = environment
        self.expiresAt = expiresAt
        self.expiresIn = expiresIn
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["name", "role", "environment", "expiresAt", "expiresIn"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        role = try container.decodeCase(Role.self, forKey: .role, describedAs: "role")
        environment = try container.decodeIfPresent(String.self, forKey: .environment)
        if let text = try container.decodeIfPresent(String.self, forKey: .expiresAt) {
            guard let date = GoTime.parse(text) else {
                throw ValidationError(code: "invalid_time", message: "\(Quoted.prefix(text)) is not an RFC 3339 time", field: "expiresAt")
            }
            expiresAt = date
        }
        expiresIn = try container.decodeIfPresent(String.self, forKey: .expiresIn)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(role, forKey: .role)
        try container.encodeIfPresent(environment, forKey: .environment)
        try container.encodeIfPresent(expiresAt.map(GoTime.format), forKey: .expiresAt)
        try container.encodeIfPresent(expiresIn, forKey: .expiresIn)
    }
}
