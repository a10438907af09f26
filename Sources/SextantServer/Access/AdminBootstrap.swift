import Foundation
import Logging
import SextantCore
import SextantStorage

/// The first admin key: made by `serve` when the store has no usable one, or by `sextant admin
/// bootstrap` when every admin key is lost. Written to `<data-dir>/admin.key`, shown once on
/// standard error, and audited.
public enum AdminBootstrap {
    /// Creates an admin key when no usable one exists — the one in `--admin-key-file` if given,
    /// else a new one — and returns it; `nil` when one exists.
    static func ensureAdminKey(_ environment: AppEnvironment, logger: Logger) async throws -> APIKeyText? {
        guard try await !environment.apiKeys.hasUsableAdminKey(at: environment.clock.now()) else { return nil }
        guard let path = environment.configuration.adminKeyFile else {
            return try await createAdminKey(environment, by: "sextant serve (first start)")
        }
        guard let line = try PrivateFile.firstLine(of: path), let key = APIKeyText.parse(line.trimmingCharacters(in: .whitespaces)) else {
            throw ConfigurationError("\(path) does not hold a Sextant API key (sxk_...)")
        }
        let now = environment.clock.now()
        let record = APIKeyRecord(id: key.id, name: "admin", role: .admin, createdBy: "sextant serve (--admin-key-file)", createdAt: now,
                                  secretHash: key.secretHash)
        do {
            try await Self.record(record, createdBy: environment, at: now)
        } catch StoreError.conflict {
            // Another replica made the same key first.
            return key
        }
        logger.notice("the first admin key was taken from the admin key file", metadata: ["key": .string(key.id)])
        return key
    }

    /// Creates an admin key, writes it to `admin.key`, prints it on standard error and audits it.
    public static func createAdminKey(_ environment: AppEnvironment, by creator: String) async throws -> APIKeyText {
        let now = environment.clock.now()
        let (key, record) = NewAPIKey.make(name: "admin", role: .admin, createdBy: creator, at: now)
        try await self.record(record, createdBy: environment, at: now)
        let path = AccessFiles.adminKeyPath(dataDirectory: environment.configuration.dataDirectory)
        try AccessFiles.writeAdminKey(key, dataDirectory: environment.configuration.dataDirectory)
        let rule = String(repeating: "=", count: 78)
        FileHandle.standardError.write(Data("""
            \(rule)
              Sextant created an admin API key. It is shown this once; it is also in
              \(path) (readable by you alone), where the CLI finds it.

                \(key.text)

              Send it as "Authorization: Bearer <key>". Create keys for people and tools
              with `sextant keys create --name NAME --role ROLE`.
            \(rule)

            """.utf8))
        return key
    }

    /// Audits, then stores, a bootstrapped admin key.
    private static func record(_ record: APIKeyRecord, createdBy environment: AppEnvironment, at now: Date) async throws {
        let audit = AuditTrail(store: environment.auditStore, key: environment.auditKey)
        try await audit.append(AuditEntry(
            sequence: 0, time: now, requestID: "", keyID: record.id, keyName: record.name, role: .admin, source: "local",
            method: "", route: "bootstrap", resource: "/api/v1/auth/keys/\(record.id)", action: "bootstrap", outcome: .allowed, status: 0
        ))
        try await environment.apiKeys.createKey(record)
    }
}
