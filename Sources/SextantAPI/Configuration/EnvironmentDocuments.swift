import Foundation

/// `POST /api/v1/environments`: a new environment (admin only).
public struct EnvironmentRequest: Codable, Sendable, Equatable {
    public var name: String
    /// Values here change only by promotion from another environment, or by an admin.
    public var protected: Bool?
    public var description: String?

    public init(name: String, protected: Bool? = nil, description: String? = nil) {
        self.name = name
        self.protected = protected
        self.description = description
    }
}

/// An environment as the API shows it.
public struct EnvironmentView: Codable, Sendable, Equatable {
    public var name: String
    public var protected: Bool
    public var description: String?
    public var createdBy: String
    public var createdAt: Date

    public init(name: String, protected: Bool, description: String?, createdBy: String, createdAt: Date) {
        self.name = name
        self.protected = protected
        self.description = description
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// `GET /api/v1/environments`.
public struct EnvironmentList: Codable, Sendable, Equatable {
    public var environments: [EnvironmentView]

    public init(environments: [EnvironmentView]) {
        self.environments = environments
    }
}
