import Foundation
import SextantCore
import SextantWire

/// Vault's (or OpenBao's) HTTP API with a token. Errors name the path and Vault's own words,
/// never the token or a secret.
struct VaultClient: Sendable {
    let baseURL: URL
    let token: Secret
    let transport: any HTTPTransport
    var timeout: Duration = .seconds(10)

    /// `method` on `/v1/<path>` with `body`; the answer's JSON (`.null` for an empty one).
    func call(_ method: String, _ path: String, body: JSONValue? = nil) async throws -> JSONValue {
        guard let url = URL(string: baseURL.absoluteString.trimmingSuffix("/") + "/v1/" + path) else {
            throw SecretFailure.keyService("Vault: \(path) is not a path")
        }
        let response: OutboundResponse
        do {
            response = try await transport.send(OutboundRequest(
                method: method, url: url,
                headers: [("X-Vault-Token", token.revealed), ("Content-Type", "application/json")],
                body: body.map { Array($0.canonicalText.utf8) } ?? [], timeout: timeout, maximumResponseBytes: 1 << 20
            ))
        } catch {
            throw SecretFailure.keyService("Vault at \(baseURL.absoluteString) cannot be reached: \(error)")
        }
        let answer = response.body.isEmpty ? JSONValue.null : (JSONValue.parse(response.body) ?? .null)
        guard (200..<300).contains(response.status) else {
            var words = "status \(response.status)"
            if case .object(let members) = answer, case .array(let errors)? = members["errors"] {
                words = errors.compactMap { if case .string(let text) = $0 { return text } else { return nil } }.joined(separator: "; ")
            }
            throw VaultError(status: response.status, path: path, words: words)
        }
        return answer
    }
}

/// Vault answered with an error.
struct VaultError: Error, CustomStringConvertible {
    var status: Int
    var path: String
    var words: String

    var description: String { "Vault refused \(path) (\(status)): \(words)" }
}

extension JSONValue {
    /// The member at `path` of nested objects: `answer["data", "ciphertext"]`.
    subscript(path: String...) -> JSONValue? {
        value(at: path)
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
