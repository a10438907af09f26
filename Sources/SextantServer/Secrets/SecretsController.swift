import Foundation
import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage

/// `/api/v1/secrets/{environment}/{path}`: write a new version (`If-Match` for a check-and-set),
/// read metadata (the value only with `?reveal=true` and the read-secrets permission, every
/// reveal audited), soft-delete or destroy versions; `/api/v1/secrets/{environment}` lists.
struct SecretsController {
    let vault: SecretVault
    let access: EnvironmentAccess
    let clock: any WallClock

    func addRoutes(to group: Routes) {
        group.get("{environment}", needs: .needs(.read), answers: SecretList.self, use: list)
        group.put("{environment}/**", needs: .needs(.configure), accepts: SecretPutRequest.self, answers: SecretView.self, use: put)
        group.get("{environment}/**", needs: .needs(.read), answers: SecretView.self, use: show)
        group.delete("{environment}/**", needs: .needs(.configure), answers: SecretView.self, use: delete)
        group.post("{environment}/**", needs: .needs(.configure), accepts: SecretUndeleteRequest.self, answers: SecretView.self, use: undelete)
    }

    static let route = "/api/v1/secrets/{environment}/{path}"

    @Sendable func put(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (environment, path) = try await target(request, context, for: .change)
        let asked = try await context.decode(StrictDocument<SecretPutRequest>.self, from: request).value
        guard asked.value.utf8.count <= SecretVault.maximumValueBytes else {
            throw APIError.badRequest("a secret's value is at most 64 KiB", field: "value", code: "value_too_large")
        }
        let record = try await vault.put(environment: environment, path: path, value: asked.value, expectedVersion: try ConfigurationController.expectedVersion(request),
                                         by: context.caller.map(NewAPIKey.describe) ?? "sextant")
        let all = try await vault.store.versions(environment: environment, path: path)
        return try JSONResponse.make(Self.view(environment: environment, path: path, versions: all), status: record.version == 1 ? .created : .ok,
                                     headers: [.eTag: "\"\(record.version)\""])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (environment, path) = try await target(request, context, for: .read)
        let query = QueryParameters(request)
        let (record, all) = try await vault.version(environment: environment, path: path, number: try query.integer("version", in: 1...Int(Int32.max)))
        var view = Self.view(environment: environment, path: path, versions: all)
        if try query.boolean("reveal") {
            let resource = "secret \(environment)/\(path) version \(record.version)"
            guard context.caller?.role.allows(.readSecrets) ?? false else {
                try await access.refuse("revealing a secret's value needs the read-secrets permission (admin)", resource: resource, route: Self.route,
                                        request: request, context: context)
            }
            view.value = try await vault.value(of: record)
            try await access.audit.note("reveal-secret", resource: resource, outcome: .allowed, status: 200, route: Self.route, request: request,
                                        context: context, at: clock.now())
        }
        return try JSONResponse.make(view, headers: [.cacheControl: "no-store"])
    }

    /// Soft-deletes the newest version (or `?versions=1,2`); with `?destroy=true` removes their
    /// ciphertext for good.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (environment, path) = try await target(request, context, for: .change)
        let query = QueryParameters(request)
        let (newest, _) = try await vault.version(environment: environment, path: path, number: nil)
        var numbers: [Int] = []
        for text in query.list("versions") {
            guard let number = Int(text), number >= 1 else { throw APIError.badRequest("versions lists version numbers", field: "versions") }
            numbers.append(number)
        }
        if numbers.isEmpty { numbers = [newest.version] }
        guard numbers.count <= 100 else { throw APIError.badRequest("at most 100 versions at once", field: "versions") }
        let changed = try query.boolean("destroy")
            ? try await vault.store.destroy(environment: environment, path: path, versions: numbers)
            : try await vault.store.markDeleted(environment: environment, path: path, versions: numbers, at: clock.now())
        guard changed > 0 else { throw APIError.notFound("none of those versions can be changed", field: "versions") }
        return try JSONResponse.make(Self.view(environment: environment, path: path, versions: try await vault.store.versions(environment: environment, path: path)))
    }

    /// Brings soft-deleted versions back (destroyed ones are gone for good).
    @Sendable func undelete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (environment, path) = try await target(request, context, for: .change)
        let asked = try await context.decode(StrictDocument<SecretUndeleteRequest>.self, from: request).value
        guard (1...100).contains(asked.undelete.count), asked.undelete.allSatisfy({ $0 >= 1 }) else {
            throw APIError.badRequest("undelete lists 1 to 100 version numbers", field: "undelete")
        }
        _ = try await vault.version(environment: environment, path: path, number: nil)
        guard try await vault.store.markDeleted(environment: environment, path: path, versions: asked.undelete, at: nil) > 0 else {
            throw APIError.notFound("none of those versions can be brought back", field: "undelete")
        }
        return try JSONResponse.make(Self.view(environment: environment, path: path, versions: try await vault.store.versions(environment: environment, path: path)))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let environment = try await access.environment(try context.parameters.require("environment"), for: .read, route: "/api/v1/secrets/{environment}",
                                                       request: request, context: context).name
        let query = QueryParameters(request)
        let prefix = query.string("prefix") ?? ""
        let limit = try query.integer("limit", in: 1...10_000) ?? 1_000
        var views: [SecretView] = []
        for newest in try await vault.store.secrets(environment: environment, prefix: prefix, limit: limit) {
            views.append(Self.view(environment: environment, path: newest.path, versions: [newest]))
        }
        return try JSONResponse.make(SecretList(secrets: views))
    }

    private func target(_ request: Request, _ context: AppRequestContext, for use: EnvironmentAccess.Use) async throws -> (String, String) {
        let path = context.parameters.getCatchAll().joined(separator: "/")
        try ConfigNames.checkSecretPath(path)
        let environment = try await access.environment(try context.parameters.require("environment"), for: use, route: Self.route, request: request,
                                                       context: context)
        return (environment.name, path)
    }

    static func view(environment: String, path: String, versions: [SecretVersionRecord]) -> SecretView {
        SecretView(environment: environment, path: path, currentVersion: versions.map(\.version).max() ?? 0, versions: versions.map {
            SecretView.Version(version: $0.version, createdBy: $0.createdBy, createdAt: $0.createdAt, deletedAt: $0.deletedAt, destroyed: $0.destroyed,
                               keyVersion: $0.keyVersion)
        })
    }
}
