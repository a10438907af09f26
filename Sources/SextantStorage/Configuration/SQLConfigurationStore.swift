import Foundation
import SextantCore
import SQLKit

/// Configuration over any ``SQLEngine``.
public struct SQLConfigurationStore: ConfigurationStore {
    let engine: any SQLEngine

    public init(engine: any SQLEngine) {
        self.engine = engine
    }

    public func createEnvironment(_ record: EnvironmentRecord) async throws {
        let inserted = try await engine.write { database in
            try await database.raw("""
                INSERT INTO environments (name, protected, description, created_by, created_at) VALUES (\(bind: record.name), \
                \(bind: record.protected), \(bind: record.description), \(bind: record.createdBy), \(bind: record.createdAt.millisecondsSince1970)) \
                ON CONFLICT DO NOTHING RETURNING name
                """).first() != nil
        }
        guard inserted else { throw StoreError.conflict("an environment named \(Quoted.prefix(record.name)) exists") }
    }

    public func environments() async throws -> [EnvironmentRecord] {
        try await engine.read { database in
            try await database.raw("SELECT name, protected, description, created_by, created_at FROM environments ORDER BY name").all()
        }.compactMap(environment)
    }

    public func environment(named name: String) async throws -> EnvironmentRecord? {
        try await engine.read { database in
            try await database.raw("SELECT name, protected, description, created_by, created_at FROM environments WHERE name = \(bind: name)").first()
        }.flatMap(environment)
    }

    private static let versionColumns = "environment, key, version, value, change_index, created_by, created_at, promoted_from"

    public func write(environment: String, key: String, value: String?, expectedVersion: Int?, createdBy: String, at: Date,
                      promotedFrom: String?) async throws -> ConfigVersion? {
        try await engine.write { database in
            // The index row first: writers queue on it, so the head read next is the newest.
            guard let index = try await database.raw("UPDATE config_index SET value = value + 1 WHERE id = 1 RETURNING value").first()?
                .decode(column: "value", as: Int64.self) else { throw StoreError.conflict("the configuration index is missing") }
            let head = try await database.raw("""
                SELECT version FROM config_heads WHERE environment = \(bind: environment) AND key = \(bind: key)
                """).first().flatMap { try? $0.decode(column: "version", as: Int.self) } ?? 0
            if let expectedVersion, expectedVersion != head { return nil }
            let written = ConfigVersion(environment: environment, key: key, version: head + 1, value: value, changeIndex: index, createdBy: createdBy,
                                        createdAt: at, promotedFrom: promotedFrom)
            try await database.raw("""
                INSERT INTO config_versions (\(unsafeRaw: Self.versionColumns)) VALUES (\(bind: environment), \(bind: key), \(bind: written.version), \
                \(bind: value), \(bind: index), \(bind: createdBy), \(bind: at.millisecondsSince1970), \(bind: promotedFrom))
                """).run()
            try await database.raw("""
                INSERT INTO config_heads (environment, key, version, deleted, change_index) VALUES (\(bind: environment), \(bind: key), \
                \(bind: written.version), \(bind: value == nil), \(bind: index)) ON CONFLICT (environment, key) DO UPDATE SET \
                version = excluded.version, deleted = excluded.deleted, change_index = excluded.change_index
                """).run()
            try await database.raw("""
                DELETE FROM config_versions WHERE environment = \(bind: environment) AND key = \(bind: key) \
                AND version <= \(bind: written.version - ConfigurationLimits.versionsKept)
                """).run()
            return written
        }
    }

    public func newest(environment: String, key: String) async throws -> ConfigVersion? {
        try await versions(environment: environment, key: key, limit: 1).first
    }

    public func version(environment: String, key: String, version: Int) async throws -> ConfigVersion? {
        try await engine.read { database in
            try await database.raw("""
                SELECT \(unsafeRaw: Self.versionColumns) FROM config_versions WHERE environment = \(bind: environment) AND key = \(bind: key) \
                AND version = \(bind: version)
                """).first()
        }.flatMap(readable)
    }

    public func versions(environment: String, key: String, limit: Int) async throws -> [ConfigVersion] {
        try await engine.read { database in
            try await database.raw("""
                SELECT \(unsafeRaw: Self.versionColumns) FROM config_versions WHERE environment = \(bind: environment) AND key = \(bind: key) \
                ORDER BY version DESC LIMIT \(literal: limit)
                """).all()
        }.compactMap(readable)
    }

    public func list(environment: String, prefix: String, limit: Int) async throws -> [ConfigVersion] {
        try await engine.read { database in
            try await database.raw("""
                SELECT v.environment, v.key, v.version, v.value, v.change_index, v.created_by, v.created_at, v.promoted_from \
                FROM config_heads h JOIN config_versions v ON v.environment = h.environment AND v.key = h.key AND v.version = h.version \
                WHERE h.environment = \(bind: environment) AND NOT h.deleted AND substr(h.key, 1, CAST(\(bind: prefix.utf8.count) AS INTEGER)) = \(bind: prefix) \
                ORDER BY h.key LIMIT \(literal: limit)
                """).all()
        }.compactMap(readable)
    }

    public func changeIndex(environment: String, prefix: String) async throws -> Int64 {
        try await engine.read { database in
            try await database.raw("""
                SELECT MAX(change_index) AS latest FROM config_heads WHERE environment = \(bind: environment) \
                AND substr(key, 1, CAST(\(bind: prefix.utf8.count) AS INTEGER)) = \(bind: prefix)
                """).first().flatMap { try? $0.decode(column: "latest", as: Int64?.self) } ?? 0
        }
    }

    public func latestChangeIndex() async throws -> Int64 {
        try await engine.read { database in
            try await database.raw("SELECT value FROM config_index WHERE id = 1").first().flatMap { try? $0.decode(column: "value", as: Int64.self) } ?? 0
        }
    }

    public func putSchema(_ record: ConfigSchemaRecord) async throws {
        try await engine.write { database in
            try await database.raw("""
                INSERT INTO config_schemas (name, applies_to, document, created_by, created_at) VALUES (\(bind: record.name), \(bind: record.appliesTo), \
                \(bind: record.document), \(bind: record.createdBy), \(bind: record.createdAt.millisecondsSince1970)) ON CONFLICT (name) DO UPDATE SET \
                applies_to = excluded.applies_to, document = excluded.document, created_by = excluded.created_by, created_at = excluded.created_at
                """).run()
        }
    }

    public func schemas() async throws -> [ConfigSchemaRecord] {
        try await engine.read { database in
            try await database.raw("SELECT name, applies_to, document, created_by, created_at FROM config_schemas ORDER BY name").all()
        }.compactMap { row in
            do {
                return ConfigSchemaRecord(name: try row.decode(column: "name", as: String.self), appliesTo: try row.decode(column: "applies_to", as: String.self),
                                          document: try row.decode(column: "document", as: String.self),
                                          createdBy: try row.decode(column: "created_by", as: String.self),
                                          createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)))
            } catch {
                engine.unreadableRows.record(table: "config_schemas", error: error)
                return nil
            }
        }
    }

    public func deleteSchema(named name: String) async throws -> Bool {
        try await engine.write { database in
            try await database.raw("DELETE FROM config_schemas WHERE name = \(bind: name) RETURNING name").first() != nil
        }
    }

    private func environment(_ row: any SQLRow) -> EnvironmentRecord? {
        do {
            return EnvironmentRecord(name: try row.decode(column: "name", as: String.self), protected: try row.decode(column: "protected", as: Bool.self),
                                     description: try row.decode(column: "description", as: String?.self),
                                     createdBy: try row.decode(column: "created_by", as: String.self),
                                     createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)))
        } catch {
            engine.unreadableRows.record(table: "environments", error: error)
            return nil
        }
    }

    private func readable(_ row: any SQLRow) -> ConfigVersion? {
        do {
            return ConfigVersion(
                environment: try row.decode(column: "environment", as: String.self), key: try row.decode(column: "key", as: String.self),
                version: try row.decode(column: "version", as: Int.self), value: try row.decode(column: "value", as: String?.self),
                changeIndex: try row.decode(column: "change_index", as: Int64.self), createdBy: try row.decode(column: "created_by", as: String.self),
                createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
                promotedFrom: try row.decode(column: "promoted_from", as: String?.self)
            )
        } catch {
            engine.unreadableRows.record(table: "config_versions", error: error)
            return nil
        }
    }
}
