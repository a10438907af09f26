import Foundation
import SextantCore

/// Where API keys are kept: their records, never their secrets.
public protocol APIKeyStore: Sendable {
    /// Stores a new key; a key with the same id is a conflict.
    func createKey(_ record: APIKeyRecord) async throws
    /// The key with `id`, revoked and expired ones included.
    func key(id: String) async throws -> APIKeyRecord?
    /// Every key, newest first.
    func keys() async throws -> [APIKeyRecord]
    /// Revokes the key at `now`; `false` when there is no such key or it was revoked already.
    func revokeKey(id: String, at now: Date) async throws -> Bool
    /// Records that the key was used at `now`.
    func recordUse(ofKey id: String, at now: Date) async throws
    /// Whether some admin key can still be used at `now`.
    func hasUsableAdminKey(at now: Date) async throws -> Bool
}
