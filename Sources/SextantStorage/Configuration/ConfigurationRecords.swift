import Foundation

/// An environment configuration and secrets live in.
public struct EnvironmentRecord: Sendable, Equatable {
    public var name: String
    /// Values here change only by promotion from another environment, or by an admin.
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

/// One version of a configuration key; a tombstone (a delete) has no value.
public struct ConfigVersion: Sendable, Equatable {
    public var environment: String
    public var key: String
    public var version: Int
    /// The value as JSON text; `nil` for a tombstone.
    public var value: String?
    /// The change index the write took: every write takes the next, across keys and environments.
    public var changeIndex: Int64
    public var createdBy: String
    public var createdAt: Date
    /// `environment@version` of the value a promotion copied.
    public var promotedFrom: String?

    public init(environment: String, key: String, version: Int, value: String?, changeIndex: Int64, createdBy: String, createdAt: Date,
                promotedFrom: String?) {
        self.environment = environment
        self.key = key
        self.version = version
        self.value = value
        self.changeIndex = changeIndex
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.promotedFrom = promotedFrom
    }

    public var isTombstone: Bool { value == nil }
}

/// A JSON Schema attached to a key (`payments.db`) or to every key under a prefix (`payments.*`).
public struct ConfigSchemaRecord: Sendable, Equatable {
    public var name: String
    public var appliesTo: String
    /// The schema as JSON text.
    public var document: String
    public var createdBy: String
    public var createdAt: Date

    public init(name: String, appliesTo: String, document: String, createdBy: String, createdAt: Date) {
        self.name = name
        self.appliesTo = appliesTo
        self.document = document
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// Whether the schema applies to `key`.
    public func applies(to key: String) -> Bool {
        appliesTo.hasSuffix("*") ? key.hasPrefix(appliesTo.dropLast()) : key == appliesTo
    }
}
