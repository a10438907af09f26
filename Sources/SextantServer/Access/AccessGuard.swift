import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SextantCore

/// Checks every request to a guarded route: the key it presents, the permission the route
/// declared, and the audit trail — a change is recorded before it runs and refused (503) when the
/// record cannot be written; its outcome is recorded after. Denials are recorded too.
struct AccessGuard: Sendable {
    /// Reads the version of what a route changes, such as the catalog's revision.
    typealias VersionReader = @Sendable () async throws -> Int64

    let keys: KeyDirectory
    let audit: AuditTrail
    let logger: Logger
    /// The web UI's sessions: a cookie stands for its key on the UI's pages and on the API's plain
    /// reads (GET of routes that need only `read`), never on the API's changes or on secret
    /// values (so no other site can make a signed-in browser change or reveal anything).
    let sessions: UISessions

    func respond(
        to request: Request, context: AppRequestContext, route: String, access: RouteAccess, style: Routes.DenialStyle,
        version: VersionReader? = nil, handler: Routes.Handler
    ) async throws -> Response {
        var presented = AccessDecision.presentedKey(authorization: request.headers[.authorization])
        var session: UISessions.Session?
        let plainRead = (request.method == .get || request.method == .head) && access == .needs(.read)
        if request.headers[.authorization] == nil, style == .signIn || plainRead,
           let token = UISessions.token(fromCookies: request.headers[.cookie]), let live = sessions.session(token: token, now: keys.clock.now()) {
            presented = live.key
            session = live
        }
        var record: APIKeyRecord?
        if let presented { record = try await keys.record(id: presented.id) }
        let now = keys.clock.now()
        let entry = { (outcome: AuditEntry.Outcome, status: Int, key: APIKeyRecord?) in
            AuditEntry(sequence: 0, time: now, requestID: context.requestID, keyID: key?.id, keyName: key?.name, role: key?.role,
                       source: context.remoteAddress?.ipAddress ?? "", method: request.method.rawValue, route: route,
                       resource: String(request.uri.path.prefix(1_024)), action: AuditAction.of(method: request.method.rawValue, route: route),
                       outcome: outcome, status: status)
        }
        switch AccessDecision.decide(presented: presented, record: record, access: access, at: now) {
        case .unauthenticated:
            await recordDenial(entry(.denied, 401, nil))
            return try AccessDenial.unauthenticated.response(style: style, request: request, context: context)
        case .forbidden(let key, let missing):
            await recordDenial(entry(.denied, 403, key))
            return try AccessDenial.forbidden(role: key.role, missing: missing).response(style: style, request: request, context: context)
        case .allowed(let key):
            await keys.noteUse(of: key)
            var context = context
            context.caller = key
            context.uiSession = session
            guard access.audits(method: request.method.rawValue) else { return try await handler(request, context) }
            // The version before and after the change, where the route has one; read apart from
            // the change itself, so a concurrent change may fall between.
            let before = try? await version?()
            let recorded = { (outcome: AuditEntry.Outcome, status: Int) async -> AuditEntry in
                var record = entry(outcome, status, key)
                record.versionBefore = before
                if status != 0 { record.versionAfter = try? await version?() }
                return record
            }
            do {
                try await audit.append(await recorded(.allowed, 0))
            } catch {
                logger.error("the audit trail cannot be written; the request is refused", metadata: ["error": .string("\(error)")])
                throw AccessDenial.auditUnavailable
            }
            let response: Response
            do {
                response = try await handler(request, context)
            } catch {
                await recordOutcome(await recorded(.error, Int(APIError.from(error).status.code)))
                throw error
            }
            let status = Int(response.status.code)
            await recordOutcome(await recorded(status < 400 ? .allowed : .error, status))
            return response
        }
    }

    private func recordDenial(_ entry: AuditEntry) async {
        do {
            try await audit.append(entry)
        } catch {
            logger.error("a denied request could not be recorded in the audit trail", metadata: ["error": .string("\(error)")])
        }
    }

    private func recordOutcome(_ entry: AuditEntry) async {
        do {
            try await audit.append(entry)
        } catch {
            logger.error("a change's outcome could not be recorded in the audit trail", metadata: ["error": .string("\(error)")])
        }
    }
}
