import Foundation
import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage

/// API keys: `/api/v1/auth/keys` and `/api/v1/auth/whoami`.
struct KeysController {
    let keys: KeyDirectory
    /// The longest a key may live: ten years.
    static let maximumLifetime: TimeInterval = 10 * 365 * 86_400

    func addRoutes(to auth: Routes) {
        auth.post("keys", needs: .needs(.manageKeys), accepts: APIKeyRequest.self, answers: APIKeyCreated.self, use: create)
        auth.get("keys", needs: .needs(.manageKeys), answers: APIKeyList.self, use: list)
        auth.get("keys/{id}", needs: .needs(.manageKeys), answers: APIKeyView.self, use: show)
        auth.delete("keys/{id}", needs: .needs(.manageKeys), use: revoke)
        auth.get("whoami", needs: .anyKey, answers: WhoAmIResponse.self, use: whoami)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let asked = try await context.decode(APIKeyRequest.self, from: request, accepting: [.json, .yaml])
        let now = keys.clock.now()
        try Self.validate(name: asked.name, field: "name")
        if let environment = asked.environment { try Self.validate(name: environment, field: "environment") }
        let expiresAt = try Self.expiry(of: asked, now: now)
        let (key, record) = NewAPIKey.make(name: asked.name, role: asked.role, environment: asked.environment, expiresAt: expiresAt,
                                           createdBy: context.caller.map(NewAPIKey.describe) ?? "sextant", at: now)
        try await keys.store.createKey(record)
        var response = try JSONResponse.make(APIKeyCreated(key: key.text, details: APIKeyView(record, at: now)), status: .created,
                                             headers: [.location: "/api/v1/auth/keys/\(record.id)"])
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = keys.clock.now()
        return try JSONResponse.make(APIKeyList(keys: try await keys.store.keys().map { APIKeyView($0, at: now) }))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let record = try await keys.store.key(id: id) else { throw Self.missing(id) }
        return try JSONResponse.make(APIKeyView(record, at: keys.clock.now()))
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await keys.store.key(id: id) != nil else { throw Self.missing(id) }
        _ = try await keys.store.revokeKey(id: id, at: keys.clock.now())
        keys.forget(id: id)
        return Response(status: .noContent)
    }

    @Sendable func whoami(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let caller = context.caller else { throw AccessDenial.unauthenticated }
        return try JSONResponse.make(WhoAmIResponse(caller))
    }

    static func missing(_ id: String) -> APIError {
        .notFound("no key has the id \(Quoted.prefix(id))", field: "id")
    }

    /// Names and environments: 1–100 printable characters.
    static func validate(name: String, field: String) throws {
        guard (1...APIKeyRequest.maximumNameLength).contains(name.count), !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.badRequest("\(field) must be 1 to \(APIKeyRequest.maximumNameLength) printable characters", field: field)
        }
    }

    /// When the key expires: `expiresAt`, or now plus `expiresIn`; in the future, at most ten years on.
    static func expiry(of asked: APIKeyRequest, now: Date) throws -> Date? {
        if asked.expiresAt != nil, asked.expiresIn != nil {
            throw APIError.badRequest("give expiresAt or expiresIn, not both", field: "expiresIn")
        }
        let field = asked.expiresAt != nil ? "expiresAt" : "expiresIn"
        let expiry = try asked.expiresAt ?? DurationText.seconds(asked.expiresIn, field: "expiresIn").map(now.addingTimeInterval)
        guard let expiry else { return nil }
        guard expiry > now, expiry.timeIntervalSince(now) <= maximumLifetime else {
            throw APIError.badRequest("a key expires in the future and within ten years", field: field)
        }
        return expiry
    }
}
