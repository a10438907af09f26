import Crypto
import Foundation
import SextantCore

/// Vault's transit engine as the key-encryption key: data keys are wrapped and unwrapped by
/// Vault and never leave Sextant otherwise; a rotation there is picked up (each ciphertext says
/// its key version, `vault:vN:`), rewrapping happens inside Vault. Transit authenticates no
/// context for a key that is not derived, so the context's SHA-256 is wrapped beside the data
/// key and checked when it is unwrapped.
struct VaultTransit: KeyEncryption {
    let client: VaultClient
    let mount: String
    let key: String

    var source: String { "transit" }

    func wrap(_ dataKey: Data, context: Data) async throws -> (wrapped: String, version: Int) {
        let plaintext = Data(SHA256.hash(data: context)) + dataKey
        let answer = try await call("POST", "\(mount)/encrypt/\(key)", ["plaintext": .string(plaintext.base64EncodedString())])
        guard let ciphertext = answer["data", "ciphertext"]?.stringValue, let version = Self.version(of: ciphertext) else {
            throw SecretFailure.keyService("Vault's transit answered without a ciphertext")
        }
        return (ciphertext, version)
    }

    func unwrap(_ wrapped: String, version: Int, context: Data) async throws -> Data {
        let answer: JSONValue
        do {
            answer = try await client.call("POST", "\(mount)/decrypt/\(key)", body: .object(["ciphertext": .string(wrapped)]))
        } catch let error as VaultError where error.words.contains("too old") || error.words.contains("disallowed") {
            throw SecretFailure.retired("its data key is wrapped by transit key version \(version), which Vault no longer decrypts (\(error.words))")
        } catch let error as VaultError where error.status == 400 {
            throw SecretFailure.integrity("Vault's transit cannot decrypt its data key (\(error.words))")
        } catch let error as VaultError {
            throw SecretFailure.keyService(error.description)
        }
        guard let text = answer["data", "plaintext"]?.stringValue, let plaintext = Data(base64Encoded: text), plaintext.count == 64,
              plaintext.prefix(32) == Data(SHA256.hash(data: context)) else {
            throw SecretFailure.integrity("the data key was wrapped for another secret (moved to another row?)")
        }
        return plaintext.suffix(32)
    }

    func rewrap(_ wrapped: String, version: Int, context: Data) async throws -> (wrapped: String, version: Int) {
        let answer = try await call("POST", "\(mount)/rewrap/\(key)", ["ciphertext": .string(wrapped)])
        guard let ciphertext = answer["data", "ciphertext"]?.stringValue, let version = Self.version(of: ciphertext) else {
            throw SecretFailure.keyService("Vault's transit answered without a ciphertext")
        }
        return (ciphertext, version)
    }

    func rotate() async throws -> Int {
        _ = try await call("POST", "\(mount)/keys/\(key)/rotate", [:])
        return try await status().latestVersion
    }

    func retire(below version: Int) async throws {
        _ = try await call("POST", "\(mount)/keys/\(key)/config", ["min_decryption_version": .number(Double(version))])
    }

    func status() async throws -> KeyringStatus {
        let answer = try await call("GET", "\(mount)/keys/\(key)", nil)
        guard let latest = answer["data", "latest_version"]?.numberValue, let minimum = answer["data", "min_decryption_version"]?.numberValue,
              case .object(let keys)? = answer["data", "keys"] else {
            throw SecretFailure.keyService("Vault's transit key \(key) did not describe itself")
        }
        return KeyringStatus(latestVersion: Int(latest), minimumDecryptionVersion: Int(minimum), versions: keys.keys.compactMap { Int($0) }.sorted())
    }

    /// Creates the transit key when it does not exist (a 204 either way).
    func ensureKey() async throws {
        _ = try await call("POST", "\(mount)/keys/\(key)", [:])
    }

    private func call(_ method: String, _ path: String, _ body: [String: JSONValue]?) async throws -> JSONValue {
        do {
            return try await client.call(method, path, body: body.map(JSONValue.object))
        } catch let error as VaultError {
            throw SecretFailure.keyService(error.description)
        }
    }

    /// `vault:v3:…` → 3.
    static func version(of ciphertext: String) -> Int? {
        let parts = ciphertext.split(separator: ":", maxSplits: 2)
        guard parts.count == 3, parts[0] == "vault", parts[1].hasPrefix("v") else { return nil }
        return Int(parts[1].dropFirst())
    }
}
