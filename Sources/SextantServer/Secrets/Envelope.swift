import Crypto
import Foundation

/// AES-256-GCM with a random nonce, the sealed box stored as base64 (nonce, ciphertext, tag).
/// `context` is authenticated, not encrypted: a box opened under another context (a ciphertext
/// moved to another row) fails like a tampered one.
enum Envelope {
    static func seal(_ plaintext: Data, with key: SymmetricKey, context: Data) throws -> String {
        guard let combined = try AES.GCM.seal(plaintext, using: key, authenticating: context).combined else {
            throw SecretFailure.integrity("the sealed box has no combined form")
        }
        return combined.base64EncodedString()
    }

    /// The plaintext; ``SecretFailure/integrity(_:)`` when the box was changed, moved or sealed
    /// with another key.
    static func open(_ text: String, with key: SymmetricKey, context: Data) throws -> Data {
        guard let data = Data(base64Encoded: text), let box = try? AES.GCM.SealedBox(combined: data),
              let plaintext = try? AES.GCM.open(box, using: key, authenticating: context) else {
            throw SecretFailure.integrity("the ciphertext failed its integrity check (changed, moved to another row, or sealed with another key)")
        }
        return plaintext
    }

    /// What a secret version's boxes are bound to: its environment, path and version.
    static func context(environment: String, path: String, version: Int) -> Data {
        Data("sextant secret\u{0}\(environment)\u{0}\(path)\u{0}\(version)".utf8)
    }
}

/// Why a secret cannot be served.
enum SecretFailure: Error, CustomStringConvertible {
    /// No key-encryption key is available: the reason says what is missing.
    case sealed(String)
    case integrity(String)
    /// The data key is wrapped by a key version below the minimum decryption version.
    case retired(String)
    /// The key-encryption service (Vault transit) failed.
    case keyService(String)

    var description: String {
        switch self {
        case .sealed(let reason): return "secrets are sealed: \(reason)"
        case .integrity(let reason), .retired(let reason), .keyService(let reason): return reason
        }
    }

    var apiError: APIError {
        switch self {
        case .sealed(let reason):
            return APIError(.serviceUnavailable, code: "sealed", message: "secrets are sealed: \(reason)")
        case .integrity(let reason):
            return APIError(.internalServerError, code: "integrity_error", message: reason)
        case .retired(let reason):
            return APIError(.conflict, code: "key_retired", message: reason)
        case .keyService(let reason):
            return APIError(.badGateway, code: "key_service_unavailable", message: reason)
        }
    }
}
