import Foundation
import SextantCore

/// Secrets read from Vault's KV v2 as `{"vaultRef": "secret/data/payments#api_key"}` points at
/// them: read every time (so a new version there is picked up), never cached, never written to disk.
struct VaultKV: Sendable {
    let client: VaultClient

    func read(path: String, field: String) async throws -> String {
        let answer: JSONValue
        do {
            answer = try await client.call("GET", path)
        } catch let error as VaultError {
            throw APIError(.badGateway, code: "vault_error", message: error.status == 404 ? "Vault has no secret at \(path)" : error.description)
        } catch let failure as SecretFailure {
            throw APIError(.badGateway, code: "vault_unreachable", message: failure.description)
        }
        guard let value = answer["data", "data", field] else {
            throw APIError(.badGateway, code: "vault_error", message: "Vault's secret at \(path) has no field \(Quoted.prefix(field))")
        }
        return value.stringValue ?? value.canonicalText
    }
}
