import Foundation
import SextantCore
import SextantStorage

/// What a configuration value must satisfy before it is stored, in order: no plain value under a
/// name that says secret, every secret reference pointing at a secret of the environment, and
/// every schema attached to the key (or a prefix of it). A value that fails is refused with 422
/// and the JSON pointer of the first violation as the field (`""` is the whole value).
struct ConfigurationRules: Sendable {
    /// The longest value, as JSON text.
    static let maximumValueBytes = 262_144

    let store: any ConfigurationStore
    let secrets: any SecretStore
    let policy: SecretKeyPolicy
    let vaultConfigured: Bool

    func check(key: String, value: JSONValue, environment: String) async throws {
        do {
            if let plain = try policy.firstPlainSecret(key: key, value: value) {
                throw APIError(.unprocessableContent, code: "plain_secret",
                               message: "\(Quoted.prefix(plain.name)) says it holds a secret: store the secret (PUT /api/v1/secrets/\(environment)/…) "
                                   + "and reference it as {\"secretRef\": \"path\"}, or from Vault as {\"vaultRef\": \"mount/data/path#field\"}",
                               field: plain.pointer)
            }
            for (pointer, reference) in try SecretReference.all(in: value) {
                switch reference {
                case .secret(let path):
                    guard let newest = try await secrets.versions(environment: environment, path: path).first, newest.deletedAt == nil, !newest.destroyed else {
                        throw APIError(.unprocessableContent, code: "missing_secret", message: "there is no secret \(Quoted.prefix(path)) in \(environment)",
                                       field: pointer + "/secretRef")
                    }
                case .vault:
                    guard vaultConfigured else {
                        throw APIError(.unprocessableContent, code: "no_vault", message: "a vaultRef needs --vault-url; none is configured",
                                       field: pointer + "/vaultRef")
                    }
                }
            }
        } catch let error as ValidationError {
            throw APIError(.unprocessableContent, code: error.code, message: error.message, field: error.field)
        }
        for record in try await store.schemas().filter({ $0.applies(to: key) }) {
            guard let document = JSONValue.parse(text: record.document), let schema = try? JSONSchema(document) else { continue }
            if let violation = schema.firstViolation(of: value) {
                throw APIError(.unprocessableContent, code: "schema_violation", message: "\(violation.message) (schema \(record.name), \(violation.keyword))",
                               field: violation.pointer)
            }
        }
    }
}
