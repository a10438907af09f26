import Crypto
import Foundation
import SextantStorage

/// Sextant's own keyring: versions of 256-bit key-encryption keys in one database row, sealed
/// (AES-256-GCM) by the master key, which is never in the database. Every replica with the
/// master key reads the same keyring; a rotation on one is seen by all (the row has a revision).
struct BuiltinKeyring: KeyEncryption {
    let store: any SecretStore
    let masterKey: SymmetricKey

    var source: String { "builtin" }

    struct Document: Codable {
        struct Key: Codable {
            var version: Int
            var key: String
            var createdAt: Date
        }

        var keys: [Key]
        var minimumDecryptionVersion: Int

        var latest: Key { keys.max { $0.version < $1.version }! }
    }

    private static let context = Data("sextant keyring".utf8)

    /// The keyring, made with its first key when there is none yet.
    func document() async throws -> (Document, revision: Int) {
        for _ in 0..<5 {
            if let (body, revision) = try await store.keyring() {
                let plaintext: Data
                do {
                    plaintext = try Envelope.open(body, with: masterKey, context: Self.context)
                } catch {
                    throw SecretFailure.sealed("the master key does not open the keyring (another key file, or a changed keyring row)")
                }
                return (try JSONDecoder().decode(Document.self, from: plaintext), revision)
            }
            _ = try await store.saveKeyring(try firstKeyring(), revision: 1)
        }
        throw SecretFailure.keyService("the keyring kept changing; try again")
    }

    /// A new keyring with its first key, sealed: what the first start stores.
    func firstKeyring() throws -> String {
        try seal(Document(keys: [.init(version: 1, key: Self.newKey(), createdAt: Date())], minimumDecryptionVersion: 1))
    }

    func wrap(_ dataKey: Data, context: Data) async throws -> (wrapped: String, version: Int) {
        let latest = try await document().0.latest
        return (try Envelope.seal(dataKey, with: try Self.symmetric(latest.key), context: context), latest.version)
    }

    func unwrap(_ wrapped: String, version: Int, context: Data) async throws -> Data {
        let document = try await document().0
        guard version >= document.minimumDecryptionVersion, let key = document.keys.first(where: { $0.version == version }) else {
            throw SecretFailure.retired("its data key is wrapped by key version \(version), which is retired (the minimum decryption version is "
                                        + "\(document.minimumDecryptionVersion))")
        }
        return try Envelope.open(wrapped, with: try Self.symmetric(key.key), context: context)
    }

    func rotate() async throws -> Int {
        try await change { document in
            let version = document.latest.version + 1
            document.keys.append(.init(version: version, key: Self.newKey(), createdAt: Date()))
            return version
        }
    }

    func retire(below version: Int) async throws {
        _ = try await change { document in
            guard version <= document.latest.version else {
                throw APIError.badRequest("the newest key version is \(document.latest.version)", field: "minimumDecryptionVersion")
            }
            document.minimumDecryptionVersion = max(document.minimumDecryptionVersion, version)
            document.keys.removeAll { $0.version < document.minimumDecryptionVersion }
            return version
        }
    }

    func status() async throws -> KeyringStatus {
        let document = try await document().0
        return KeyringStatus(latestVersion: document.latest.version, minimumDecryptionVersion: document.minimumDecryptionVersion,
                             versions: document.keys.map(\.version).sorted())
    }

    private func change(_ body: (inout Document) throws -> Int) async throws -> Int {
        for _ in 0..<5 {
            var (document, revision) = try await document()
            let result = try body(&document)
            if try await store.saveKeyring(try seal(document), revision: revision + 1) { return result }
        }
        throw SecretFailure.keyService("the keyring kept changing; try again")
    }

    private func seal(_ document: Document) throws -> String {
        try Envelope.seal(try JSONEncoder().encode(document), with: masterKey, context: Self.context)
    }

    private static func newKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    private static func symmetric(_ text: String) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: text), data.count == 32 else { throw SecretFailure.integrity("a keyring key is not 256 bits") }
        return SymmetricKey(data: data)
    }
}
