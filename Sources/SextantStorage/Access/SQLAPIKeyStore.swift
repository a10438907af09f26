import Foundation
import SextantCore
import SQLKit

/// API keys over any ``SQLEngine``.
public struct SQLAPIKeyStore: APIKeyStore {
    let engine: any SQLEngine

    public init(engine: any SQLEngine) {
        self.engine = engine
    }

    private static let columns = "id, name, role, environment, expires_at, created_by, created_at, last_used_at, revoked_at, secret_hash"

    public func createKey(_ record: APIKeyRecord) async throws {
        let inserted = try await engine.write { database in
            try await database.raw("""
                INSERT INTO api_keys (\(unsafeRaw: Self.columns)) VALUES (\(bind: record.id), \(bind: record.name), \(bind: record.role.rawValue), \
                \(bind: record.environment), \(bind: record.expiresAt?.millisecondsSince1970), \(bind: record.createdBy), \
                \(bind: record.createdAt.millisecondsSince1970), \(bind: record.lastUsedAt?.millisecondsSince1970), \
                \(bind: record.revokedAt?.millisecondsSince1970), \(bind: Hex.encode(record.secretHash))) \
                ON CONFLICT (id) DO NOTHING RETURNING id
                """).first() != nil
        }
        guard inserted else { throw StoreError.conflict("a key with id \(Quoted.prefix(record.id)) exists") }
    }

    public func key(id: String) async throws -> APIKeyRecord? {
        try await engine.read { database in
            try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM api_keys WHERE id = \(bind: id)").first()
        }.flatMap(readable)
    }

    public func keys() async throws -> [APIKeyRecord] {
        try await engine.read { database in
            try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM api_keys ORDER BY created_at DESC, id").all()
        }.compactMap(readable)
    }

    public func revokeKey(id: String, at now: Date) async throws -> Bool {
        try await engine.write { database in
            try await database.raw("""
                UPDATE api_keys SET revoked_at = \(bind: now.millisecondsSince1970) WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id
                """).first() != nil
        }
    }

    public func recordUse(ofKey id: String, at now: Date) async throws {
        try await engine.write { database in
            try await database.raw("UPDATE api_keys SET last_used_at = \(bind: now.millisecondsSince1970) WHERE id = \(bind: id)").run()
        }
    }

    public func hasUsableAdminKey(at now: Date) async throws -> Bool {
        let time = now.millisecondsSince1970
        return try await engine.read { database in
            try await database.raw("""
                SELECT id FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > \(bind: time)) LIMIT 1
                """).first() != nil
        }
    }

    /// The key a row holds; a row that cannot be read is reported and skipped, as if absent.
    private func readable(_ row: any SQLRow) -> APIKeyRecord? {
        do {
            return try Self.decode(row)
        } catch {
            engine.unreadableRows.record(table: "api_keys", error: error)
            return nil
        }
    }

    private static func decode(_ row: any SQLRow) throws -> APIKeyRecord {
        func date(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Int64?.self).map(Date.init(millisecondsSince1970:))
        }
        let roleText = try row.decode(column: "role", as: String.self)
        guard let role = Role(rawValue: roleText) else { throw StoreError.unavailable("unknown role \(Quoted.prefix(roleText))") }
        guard let hash = Hex.decode(try row.decode(column: "secret_hash", as: String.self)) else {
            throw StoreError.unavailable("a secret hash that is not hex")
        }
        return APIKeyRecord(
            id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self), role: role,
            environment: try row.decode(column: "environment", as: String?.self), expiresAt: try date("expires_at"),
            createdBy: try row.decode(column: "created_by", as: String.self), createdAt: try date("created_at") ?? .distantPast,
            lastUsedAt: try date("last_used_at"), revokedAt: try date("revoked_at"), secretHash: hash
        )
    }
}
