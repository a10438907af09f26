import Foundation

/// Environments, configuration versions and the schemas values are checked against.
public protocol ConfigurationStore: Sendable {
    /// Stores a new environment; ``StoreError/conflict(_:)`` when the name is taken.
    func createEnvironment(_ record: EnvironmentRecord) async throws
    func environments() async throws -> [EnvironmentRecord]
    func environment(named name: String) async throws -> EnvironmentRecord?

    /// Writes the next version of `key` in `environment` (`value` `nil`: a tombstone). With
    /// `expectedVersion`, only while the key's newest version is that one (0: while it has
    /// none); `nil` when it is not. Keeps the newest ``ConfigurationLimits/versionsKept`` versions.
    func write(environment: String, key: String, value: String?, expectedVersion: Int?, createdBy: String, at: Date,
               promotedFrom: String?) async throws -> ConfigVersion?
    /// The newest version of `key` (a tombstone included).
    func newest(environment: String, key: String) async throws -> ConfigVersion?
    func version(environment: String, key: String, version: Int) async throws -> ConfigVersion?
    /// Versions of `key`, newest first.
    func versions(environment: String, key: String, limit: Int) async throws -> [ConfigVersion]
    /// The newest version of every key under `prefix` that is not deleted, by key.
    func list(environment: String, prefix: String, limit: Int) async throws -> [ConfigVersion]
    /// The highest change index of the keys under `prefix` (deletes included); 0 when none.
    func changeIndex(environment: String, prefix: String) async throws -> Int64
    /// The highest change index of any write.
    func latestChangeIndex() async throws -> Int64

    func putSchema(_ record: ConfigSchemaRecord) async throws
    func schemas() async throws -> [ConfigSchemaRecord]
    /// Whether a schema of that name existed.
    func deleteSchema(named name: String) async throws -> Bool
}

public enum ConfigurationLimits {
    /// The versions kept per key; older ones are dropped as new ones are written (as Vault's `max_versions`).
    public static let versionsKept = 100
}
