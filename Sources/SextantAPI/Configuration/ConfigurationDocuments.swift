import Foundation
import SextantCore

/// One version of a configuration key as the API shows it; `value` is absent for a delete.
public struct ConfigValueView: Codable, Sendable, Equatable {
    public var environment: String
    public var key: String
    public var version: Int
    public var value: JSONValue?
    public var deleted: Bool
    public var changeIndex: Int64
    public var createdBy: String
    public var createdAt: Date
    /// `environment@version` the value was promoted from.
    public var promotedFrom: String?

    public init(environment: String, key: String, version: Int, value: JSONValue?, deleted: Bool, changeIndex: Int64, createdBy: String,
                createdAt: Date, promotedFrom: String?) {
        self.environment = environment
        self.key = key
        self.version = version
        self.value = value
        self.deleted = deleted
        self.changeIndex = changeIndex
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.promotedFrom = promotedFrom
    }
}

/// `GET /api/v1/configuration/{key}/versions`, newest first.
public struct ConfigVersionList: Codable, Sendable, Equatable {
    public var versions: [ConfigValueView]

    public init(versions: [ConfigValueView]) {
        self.versions = versions
    }
}

/// `GET /api/v1/configuration?environment=&prefix=`: the keys under the prefix, by key, and the
/// change index to watch from (`?index=`).
public struct ConfigList: Codable, Sendable, Equatable {
    public var environment: String
    public var index: Int64
    public var values: [ConfigValueView]

    public init(environment: String, index: Int64, values: [ConfigValueView]) {
        self.environment = environment
        self.index = index
        self.values = values
    }
}

/// `POST /api/v1/configuration/{key}/promote`: copy a version (the newest when absent) of the key
/// from one environment to another.
public struct PromoteRequest: Codable, Sendable, Equatable {
    public var from: String
    public var to: String
    public var version: Int?

    public init(from: String, to: String, version: Int? = nil) {
        self.from = from
        self.to = to
        self.version = version
    }
}

/// `PUT /api/v1/configuration-schemas/{name}`: a JSON Schema for a key (`payments.db`) or for
/// every key under a prefix (`payments.*`).
public struct ConfigSchemaRequest: Codable, Sendable, Equatable {
    public var appliesTo: String
    public var schema: JSONValue

    public init(appliesTo: String, schema: JSONValue) {
        self.appliesTo = appliesTo
        self.schema = schema
    }
}

/// A schema as the API shows it.
public struct ConfigSchemaView: Codable, Sendable, Equatable {
    public var name: String
    public var appliesTo: String
    public var schema: JSONValue
    public var createdBy: String
    public var createdAt: Date

    public init(name: String, appliesTo: String, schema: JSONValue, createdBy: String, createdAt: Date) {
        self.name = name
        self.appliesTo = appliesTo
        self.schema = schema
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// `GET /api/v1/configuration-schemas`.
public struct ConfigSchemaList: Codable, Sendable, Equatable {
    public var schemas: [ConfigSchemaView]

    public init(schemas: [ConfigSchemaView]) {
        self.schemas = schemas
    }
}
