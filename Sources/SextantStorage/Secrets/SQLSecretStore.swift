import Foundation
import SextantCore
import SQLKit

/// Secrets over any ``SQLEngine``.
public struct SQLSecretStore: SecretStore {
    let engine: any SQLEngine

    public init(engine: any SQLEngine) {
        self.engine = engine
    }

    private static let columns = "environment, path, version, ciphertext, wrapped_key, key_version, created_by, created_at, deleted_at, destroyed"

    public func nextVersion(environment: String, path: String) async throws -> Int {
        try await engine.read { database in
            try await database.raw("""
                SELECT MAX(version) AS newest FROM secret_versions WHERE environment = \(bind: environment) AND path = \(bind: path)
                """).first().flatMap { try? $0.decode(column: "newest", as: Int?.self) } ?? 0
        } + 1
    }

    public func write(_ record: SecretVersionRecord, expectedVersion: Int?) async throws -> Bool {
        try await engine.write { database in
            if let expectedVersion {
                let newest = try await database.raw("""
                    SELECT MAX(version) AS newest FROM secret_versions WHERE environment = \(bind: record.environment) AND path = \(bind: record.path)
                    """).first().flatMap { try? $0.decode(column: "newest", as: Int?.self) } ?? 0
                guard newest == expectedVersion else { return false }
            }
            return try await database.raw("""
                INSERT INTO secret_versions (\(unsafeRaw: Self.columns)) VALUES (\(bind: record.environment), \(bind: record.path), \(bind: record.version), \
                \(bind: record.ciphertext), \(bind: record.wrappedKey), \(bind: record.keyVersion), \(bind: record.createdBy), \
                \(bind: record.createdAt.millisecondsSince1970), NULL, FALSE) ON CONFLICT DO NOTHING RETURNING version
                """).first() != nil
        }
    }

    public func versions(environment: String, path: String) async throws -> [SecretVersionRecord] {
        try await engine.read { database in
            try await database.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM secret_versions WHERE environment = \(bind: environment) AND path = \(bind: path) ORDER BY version DESC
                """).all()
        }.compactMap(readable)
    }

    public func secrets(environment: String, prefix: String, limit: Int) async throws -> [SecretVersionRecord] {
        try await engine.read { database in
            try await database.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM secret_versions s WHERE environment = \(bind: environment) \
                AND substr(path, 1, CAST(\(bind: prefix.utf8.count) AS INTEGER)) = \(bind: prefix) \
                AND version = (SELECT MAX(version) FROM secret_versions t WHERE t.environment = s.environment AND t.path = s.path) \
                ORDER BY path LIMIT \(literal: limit)
                """).all()
        }.compactMap(readable)
    }

    public func markDeleted(environment: String, path: String, versions: [Int], at: Date?) async throws -> Int {
        try await engine.write { database in
            var changed = 0
            for version in versions {
                changed += try await database.raw("""
                    UPDATE secret_versions SET deleted_at = \(bind: at?.millisecondsSince1970) WHERE environment = \(bind: environment) \
                    AND path = \(bind: path) AND version = \(bind: version) AND NOT destroyed RETURNING version
                    """).all().count
            }
            return changed
        }
    }

    public func destroy(environment: String, path: String, versions: [Int]) async throws -> Int {
        try await engine.write { database in
            var changed = 0
            for version in versions {
                changed += try await database.raw("""
                    UPDATE secret_versions SET ciphertext = '', wrapped_key = '', destroyed = TRUE WHERE environment = \(bind: environment) \
                    AND path = \(bind: path) AND version = \(bind: version) AND NOT destroyed RETURNING version
                    """).all().count
            }
            return changed
        }
    }

    public func wrappedElsewhere(than keyVersion: Int, minimumVersion: Int, limit: Int) async throws -> [SecretVersionRecord] {
        try await engine.read { database in
            try await database.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM secret_versions WHERE NOT destroyed AND key_version <> \(bind: keyVersion) \
                AND key_version >= \(bind: minimumVersion) \
                ORDER BY environment, path, version LIMIT \(literal: limit)
                """).all()
        }.compactMap(readable)
    }

    public func wrapCounts() async throws -> [Int: Int] {
        let rows = try await engine.read { database in
            try await database.raw("SELECT key_version, COUNT(*) AS wrapped FROM secret_versions WHERE NOT destroyed GROUP BY key_version").all()
        }
        var counts: [Int: Int] = [:]
        for row in rows {
            if let version = try? row.decode(column: "key_version", as: Int.self), let count = try? row.decode(column: "wrapped", as: Int.self) {
                counts[version] = count
            }
        }
        return counts
    }

    public func rewrap(environment: String, path: String, version: Int, old: String, new: String, keyVersion: Int) async throws -> Bool {
        try await engine.write { database in
            try await database.raw("""
                UPDATE secret_versions SET wrapped_key = \(bind: new), key_version = \(bind: keyVersion) WHERE environment = \(bind: environment) \
                AND path = \(bind: path) AND version = \(bind: version) AND wrapped_key = \(bind: old) RETURNING version
                """).first() != nil
        }
    }

    /// Whether a keyring is stored, read on a session of its own: usable at startup, before the
    /// engine's pool runs.
    public static func keyringExists(in engine: any SQLEngine) async throws -> Bool {
        try await engine.withSession { database in
            try await database.raw("SELECT revision FROM secret_keyring WHERE id = 1").first() != nil
        }
    }

    /// Stores the first keyring on a session of its own (at startup); `false` when one exists.
    public static func createKeyring(_ body: String, in engine: any SQLEngine) async throws -> Bool {
        try await engine.withSession { database in
            try await database.raw("""
                INSERT INTO secret_keyring (id, body, revision) VALUES (1, \(bind: body), 1) ON CONFLICT DO NOTHING RETURNING id
                """).first() != nil
        }
    }

    public func keyring() async throws -> (body: String, revision: Int)? {
        try await engine.read { database in
            guard let row = try await database.raw("SELECT body, revision FROM secret_keyring WHERE id = 1").first() else { return nil }
            return (try row.decode(column: "body", as: String.self), try row.decode(column: "revision", as: Int.self))
        }
    }

    public func saveKeyring(_ body: String, revision: Int) async throws -> Bool {
        try await engine.write { database in
            if revision == 1 {
                return try await database.raw("""
                    INSERT INTO secret_keyring (id, body, revision) VALUES (1, \(bind: body), 1) ON CONFLICT DO NOTHING RETURNING id
                    """).first() != nil
            }
            return try await database.raw("""
                UPDATE secret_keyring SET body = \(bind: body), revision = \(bind: revision) WHERE id = 1 AND revision = \(bind: revision - 1) RETURNING id
                """).first() != nil
        }
    }

    private func readable(_ row: any SQLRow) -> SecretVersionRecord? {
        do {
            return SecretVersionRecord(
                environment: try row.decode(column: "environment", as: String.self), path: try row.decode(column: "path", as: String.self),
                version: try row.decode(column: "version", as: Int.self), ciphertext: try row.decode(column: "ciphertext", as: String.self),
                wrappedKey: try row.decode(column: "wrapped_key", as: String.self), keyVersion: try row.decode(column: "key_version", as: Int.self),
                createdBy: try row.decode(column: "created_by", as: String.self),
                createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
                deletedAt: try row.decode(column: "deleted_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
                destroyed: try row.decode(column: "destroyed", as: Bool.self)
            )
        } catch {
            engine.unreadableRows.record(table: "secret_versions", error: error)
            return nil
        }
    }
}
