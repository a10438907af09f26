import Foundation
import Hummingbird
import NIOCore
import SextantCore
import SextantStorage

/// The web UI at `/ui/`, rendered on the server: sign-in with an API key (becoming a session),
/// sign-out, and the pages. Every page is a route that needs `read`; a form that changes
/// something carries the session's CSRF token and is checked here as well as by the guard.
struct UIController {
    let sources: UISources
    let deployments: DeploymentsController
    let delivery: DeliveryController
    let workflows: any WorkflowStore
    let slos: SLOController
    let configuration: ConfigurationPage
    let sessions: UISessions
    let keys: KeyDirectory
    let audit: AuditTrail
    /// Whether the UI is served over TLS (then cookies are `Secure`).
    let secure: Bool
    /// OpenID Connect sign-in, when a provider is configured.
    let oidc: OIDCClient?

    static let signInCookie = "sextant_signin"

    func addRoutes(to routes: Routes) {
        routes.get("", needs: .open) { _, _ in UILayout.redirect(to: "/ui/") }
        routes.get("ui/sign-in", needs: .open, use: signInForm)
        routes.get("ui/live.js", needs: .open) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: LiveScript.source)))
        }
        routes.post("ui/sign-in", needs: .open, use: signIn)
        routes.get("ui/oidc/start", needs: .open, use: oidcStart)
        routes.get("ui/oidc/callback", needs: .open, use: oidcCallback)
        let pages = routes.group("ui", denying: .signIn)
        pages.post("sign-out", needs: .needs(.read), use: signOut)
        pages.get("", needs: .needs(.read)) { request, context in try await OverviewPage(sources: sources).response(context) }
        pages.get("services/{name}", needs: .needs(.read)) { request, context in
            try await ServicePage(sources: sources).response(service: try context.parameters.require("name"), request: request, context: context)
        }
        pages.get("traces", needs: .needs(.read)) { request, context in try await TracesPage(sources: sources).search(request, context) }
        pages.get("traces/{id}", needs: .needs(.read)) { request, context in
            try await TracesPage(sources: sources).trace(try context.parameters.require("id"), context)
        }
        pages.get("graph", needs: .needs(.read)) { request, context in try await GraphPage(sources: sources).response(request, context) }
        pages.get("slos/{id}", needs: .needs(.read)) { _, context in
            try await SLOPage(sources: sources, slos: slos).response(try context.parameters.require("id"), context)
        }
        pages.get("audit", needs: .needs(.readAudit)) { request, context in try await AuditPage(audit: audit).response(request, context) }
        pages.get("alerts", needs: .needs(.read)) { _, context in try await AlertsPage(sources: sources).response(context) }
        pages.post("silences", needs: .needs(.silence)) { request, context in try await AlertsPage(sources: sources).createSilence(request, context) }
        pages.post("silences/{id}/expire", needs: .needs(.silence)) { request, context in
            try await AlertsPage(sources: sources).expireSilence(try context.parameters.require("id"), request, context)
        }
        let deploymentPages = DeploymentsPage(sources: sources, deployments: deployments, delivery: delivery, workflows: workflows)
        pages.get("deployments", needs: .needs(.read)) { _, context in try await deploymentPages.list(context) }
        pages.get("deployments/{id}", needs: .needs(.read)) { request, context in try await deploymentPages.detail(request, context) }
        for action in DeploymentsPage.actions {
            pages.post("deployments/{id}/\(action)", needs: .needs(.deploy)) { request, context in try await deploymentPages.act(action, request, context) }
        }
        pages.get("configuration", needs: .needs(.read)) { request, context in try await configuration.response(request, context) }
        pages.get("configuration/versions", needs: .needs(.read)) { request, context in try await configuration.versions(request, context) }
        pages.post("secrets/reveal", needs: .needs(.readSecrets)) { request, context in try await configuration.reveal(request, context) }
        pages.get("logs", needs: .needs(.read)) { request, context in try await LogsPage(sources: sources).response(request, context) }
    }

    @Sendable func signInForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = Self.safeNext(QueryParameters(request).string("next"))
        return signInPage(next: next, message: nil, status: .ok)
    }

    private func signInPage(next: String, message: String?, status: HTTPResponse.Status) -> Response {
        let token = UISessions.randomToken()
        let error = message.map { "<p class=\"bad\" role=\"alert\">\(HTML.text($0))</p>" } ?? ""
        let body = """
            \(error)<form method="post" action="/ui/sign-in"><input type="hidden" name="signin" value="\(token)">\
            <input type="hidden" name="next" value="\(HTML.attribute(next))">\
            <label for="key">API key</label><input id="key" name="key" type="password" autocomplete="current-password" required>\
            <p><button type="submit">Sign in</button></p></form>\
            \(oidc == nil ? "" : "<p><a href=\"/ui/oidc/start?next=\(HTML.query(next))\">Sign in with OpenID Connect</a></p>")\
            <p>Create a key with <code>sextant keys create --name NAME --role viewer</code>; the first admin key is in the data directory's <code>admin.key</code>.</p>
            """
        var response = UILayout.page(title: "Sign in", body: body, context: nil)
        response.status = status
        response.headers[.setCookie] = "\(Self.signInCookie)=\(token); Path=/ui/sign-in; HttpOnly; SameSite=Strict; Max-Age=900\(secure ? "; Secure" : "")"
        return response
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await UIForm.read(request, context: context)
        let next = Self.safeNext(form["next"])
        // The sign-in form's own token, also in a cookie only this site can set (login CSRF).
        guard let expected = UIForm.cookie(Self.signInCookie, in: request), let given = form["signin"], ConstantTime.equal(Array(expected.utf8), Array(given.utf8)) else {
            return signInPage(next: next, message: "The sign-in form expired; please try again.", status: .badRequest)
        }
        let now = sources.clock.now()
        let presented = form["key"].flatMap { APIKeyText.parse($0.trimmingCharacters(in: .whitespaces)) }
        var record: APIKeyRecord?
        if let presented { record = try await keys.record(id: presented.id) }
        var signed = context
        switch AccessDecision.decide(presented: presented, record: record, needs: .read, at: now) {
        case .unauthenticated:
            try? await audit.note("sign-in", resource: "/ui/sign-in", outcome: .denied, status: 401, route: "/ui/sign-in", request: request, context: context, at: now)
            return signInPage(next: next, message: "That key is not valid.", status: .unauthorized)
        case .forbidden(let key, _):
            signed.caller = key
            try? await audit.note("sign-in", resource: "/ui/sign-in", outcome: .denied, status: 403, route: "/ui/sign-in", request: request, context: signed, at: now)
            return signInPage(next: next, message: "The role \(key.role.rawValue) cannot read; use a viewer's key or above.", status: .forbidden)
        case .allowed(let key):
            signed.caller = key
            try await audit.note("sign-in", resource: "/ui/sign-in", outcome: .allowed, status: 303, route: "/ui/sign-in", request: request, context: signed, at: now)
            let (token, _) = sessions.create(key: presented!, now: now)
            return UILayout.redirect(to: next, cookie: sessions.cookie(token: token, secure: secure))
        }
    }

    @Sendable func oidcStart(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let oidc else { throw APIError.notFound("OpenID Connect sign-in is not configured (--oidc-issuer)") }
        let next = Self.safeNext(QueryParameters(request).string("next"))
        do {
            return UILayout.redirect(to: try await oidc.start(next: next))
        } catch {
            return signInPage(next: next, message: "The OpenID Connect provider cannot be reached: \(error)", status: .badGateway)
        }
    }

    /// The provider sends the person back here with a code and the state this server gave.
    @Sendable func oidcCallback(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let oidc else { throw APIError.notFound("OpenID Connect sign-in is not configured (--oidc-issuer)") }
        let query = QueryParameters(request)
        let now = sources.clock.now()
        guard let code = query.string("code"), let returned = query.string("state") else {
            let reason = query.string("error_description") ?? query.string("error") ?? "the provider sent no code"
            return signInPage(next: "/ui/", message: "Signing in with OpenID Connect failed: \(reason)", status: .badRequest)
        }
        let person: OIDCClient.Person, next: String
        do {
            (person, next) = try await oidc.finish(code: code, returnedState: returned)
        } catch let refusal as OIDCLogin.Refusal {
            try? await audit.note("sign-in", resource: "/ui/oidc/callback: \(refusal)", outcome: .denied, status: 400, route: "/ui/oidc/callback",
                                  request: request, context: context, at: now)
            return signInPage(next: "/ui/", message: "Signing in with OpenID Connect was refused: \(refusal)", status: .badRequest)
        }
        guard person.role.allows(.read) else {
            return signInPage(next: "/ui/", message: "The role \(person.role.rawValue) cannot read.", status: .forbidden)
        }
        // The person gets a key of this process only, for as long as a session may last.
        var random = SystemRandomNumberGenerator()
        let key = APIKeyText.generate(using: &random)
        let record = APIKeyRecord(id: key.id, name: "oidc:\(person.name)", role: person.role, expiresAt: now.addingTimeInterval(sessions.absoluteTimeout),
                                  createdBy: "oidc \(oidc.settings.issuer)", createdAt: now, secretHash: key.secretHash)
        keys.addProcessKey(record)
        var signed = context
        signed.caller = record
        try await audit.note("sign-in", resource: "/ui/oidc/callback: \(person.subject)", outcome: .allowed, status: 303, route: "/ui/oidc/callback",
                             request: request, context: signed, at: now)
        let (token, _) = sessions.create(key: key, now: now)
        return UILayout.redirect(to: next, cookie: sessions.cookie(token: token, secure: secure))
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await UIForm.read(request, context: context)
        try UIForm.requireCSRF(form, context)
        if let token = UISessions.token(fromCookies: request.headers[.cookie]) { sessions.end(token: token) }
        return UILayout.redirect(to: "/ui/sign-in", cookie: UISessions.clearingCookie(secure: secure))
    }

    /// A path on this UI to go to after signing in; anything else goes to the overview.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/ui/"), !next.hasPrefix("//"), !next.contains("\\"), next.utf8.count <= 512,
              !next.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return "/ui/" }
        return next
    }
}
