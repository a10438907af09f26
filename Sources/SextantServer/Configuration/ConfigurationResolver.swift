import Foundation
import Hummingbird
import SextantCore
import SextantStorage

/// The resolved view of configuration: every secret reference replaced by the secret's value,
/// for a caller allowed to read secret values; every secret revealed is recorded in the audit trail.
struct ConfigurationResolver: Sendable {
    let vault: SecretVault
    let kv: VaultKV?
    let audit: AuditTrail
    let access: EnvironmentAccess
    let clock: any WallClock

    func checkMayReveal(request: Request, context: AppRequestContext, route: String) async throws {
        guard context.caller?.role.allows(.readSecrets) ?? false else {
            try await access.refuse("resolving secret references needs the read-secrets permission (admin)", resource: "configuration", route: route,
                                    request: request, context: context)
        }
    }

    func resolve(_ value: JSONValue, environment: String, key: String, request: Request, context: AppRequestContext) async throws -> JSONValue {
        if let reference = try SecretReference.read(value) {
            let secret: String
            let resource: String
            switch reference {
            case .secret(let path):
                let (record, _) = try await vault.version(environment: environment, path: path, number: nil)
                secret = try await vault.value(of: record)
                resource = "secret \(environment)/\(path) version \(record.version) (for \(key))"
            case .vault(let path, let field):
                guard let kv else { throw APIError(.badGateway, code: "no_vault", message: "a vaultRef needs --vault-url; none is configured") }
                secret = try await kv.read(path: path, field: field)
                resource = "vault \(path)#\(field) (for \(key))"
            }
            try await audit.note("reveal-secret", resource: resource, outcome: .allowed, status: 200, route: "/api/v1/configuration",
                                 request: request, context: context, at: clock.now())
            return .string(secret)
        }
        switch value {
        case .object(let members):
            var resolved: [String: JSONValue] = [:]
            for (name, member) in members { resolved[name] = try await resolve(member, environment: environment, key: key, request: request, context: context) }
            return .object(resolved)
        case .array(let items):
            var resolved: [JSONValue] = []
            for item in items { resolved.append(try await resolve(item, environment: environment, key: key, request: request, context: context)) }
            return .array(resolved)
        default:
            return value
        }
    }
}
