import Foundation

/// Wraps and unwraps data keys with versioned key-encryption keys: Sextant's own keyring, or
/// Vault's transit engine.
protocol KeyEncryption: Sendable {
    /// `builtin` or `transit`.
    var source: String { get }
    /// `dataKey` wrapped by the newest key version, bound to `context`.
    func wrap(_ dataKey: Data, context: Data) async throws -> (wrapped: String, version: Int)
    func unwrap(_ wrapped: String, version: Int, context: Data) async throws -> Data
    /// `wrapped` (by `version`) wrapped anew by the newest key version.
    func rewrap(_ wrapped: String, version: Int, context: Data) async throws -> (wrapped: String, version: Int)
    /// Adds a key version, which new writes use; its number.
    func rotate() async throws -> Int
    /// Retires every key version below `version`: nothing wrapped by them can be unwrapped again.
    func retire(below version: Int) async throws
    func status() async throws -> KeyringStatus
}

extension KeyEncryption {
    func rewrap(_ wrapped: String, version: Int, context: Data) async throws -> (wrapped: String, version: Int) {
        try await wrap(try await unwrap(wrapped, version: version, context: context), context: context)
    }
}

struct KeyringStatus: Sendable, Equatable {
    var latestVersion: Int
    var minimumDecryptionVersion: Int
    var versions: [Int]
}
