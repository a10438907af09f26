import Foundation
import HTTPTypes
import HummingbirdTesting
import SextantCore
import SextantServer
import SextantTestSupport
import SextantWire
import Testing

/// The web UI served by the binary: sign-in with a key becoming a session (cookie flags, login
/// CSRF, sign-out with its CSRF token, revocation ending it), what the cookie may and may not
/// do on the API, and pages that show what the API answers — on every backend.
@Suite("Web UI")
struct WebUITests {
    static func cookie(_ name: String, in response: TestResponse) -> String? {
        guard let header = response.headers[.setCookie], header.hasPrefix("\(name)=") else { return nil }
        return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
    }

    static func field(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in with `key` through the form; the session cookie's value and the page's CSRF token.
    static func signIn(_ client: any TestClientProtocol, key: String) async throws -> (session: String, csrf: String) {
        let form = try await client.send(.get, "/ui/sign-in", headers: [.authorization: ""])
        let token = try #require(cookie("sextant_signin", in: form))
        #expect(form.headers[.setCookie]?.contains("HttpOnly; SameSite=Strict") == true)
        #expect(field("signin", in: form.text) == token)
        let signed = try await client.send(.post, "/ui/sign-in", body: "signin=\(token)&next=%2Fui%2F&key=\(key)", contentType: "application/x-www-form-urlencoded",
                                           headers: [.authorization: "", .cookie: "sextant_signin=\(token)"])
        #expect(signed.status == .seeOther && signed.headers[.location] == "/ui/", "\(signed.status) \(signed.text)")
        let setCookie = try #require(signed.headers[.setCookie])
        #expect(setCookie.contains("Path=/; HttpOnly; SameSite=Lax") && !setCookie.contains("Secure"), "\(setCookie)")
        let session = try #require(cookie("sextant_session", in: signed))
        let overview = try await client.send(.get, "/ui/", headers: [.authorization: "", .cookie: "sextant_session=\(session)"])
        #expect(overview.status == .ok && overview.text.contains("<h1>Overview</h1>"))
        return (session, try #require(field("csrf", in: overview.text)))
    }

    @Test(arguments: TestBackend.available)
    func aKeyBecomesASessionThatReadsButCannotChangeAndEndsAtSignOutOrRevocation(backend: TestBackend) async throws {
        try await withTestApp(backend, configure: { $0.alertingTick = nil }) { client, environment in
            // Not signed in: the root and every page lead to the sign-in form.
            let root = try await client.send(.get, "/", headers: [.authorization: ""])
            #expect(root.status == .seeOther && root.headers[.location] == "/ui/")
            let anonymous = try await client.send(.get, "/ui/services/x", headers: [.authorization: ""])
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/ui/sign-in?next=%2Fui%2Fservices%2Fx")
            // The sign-in form refuses a forged post, a wrong key, and a key that cannot read.
            let forged = try await client.send(.post, "/ui/sign-in", body: "signin=abc&key=x", contentType: "application/x-www-form-urlencoded",
                                               headers: [.authorization: "", .cookie: "sextant_signin=def"])
            #expect(forged.status == .badRequest && forged.headers[.setCookie]?.contains("sextant_session") != true)
            let form = try await client.send(.get, "/ui/sign-in", headers: [.authorization: ""])
            let token = try #require(Self.cookie("sextant_signin", in: form))
            let wrong = try await client.send(.post, "/ui/sign-in", body: "signin=\(token)&key=sxk_nothing", contentType: "application/x-www-form-urlencoded",
                                              headers: [.authorization: "", .cookie: "sextant_signin=\(token)"])
            #expect(wrong.status == .unauthorized && wrong.text.contains("not valid"))
            let ingest = try await createKey(.ingest, name: "collector", in: environment)
            let refused = try await client.send(.post, "/ui/sign-in", body: "signin=\(token)&key=\(ingest)", contentType: "application/x-www-form-urlencoded",
                                                headers: [.authorization: "", .cookie: "sextant_signin=\(token)"])
            #expect(refused.status == .forbidden && refused.text.contains("cannot read"))

            let viewer = try await createKey(.viewer, name: "ana", in: environment)
            let (session, csrf) = try await Self.signIn(client, key: viewer)
            let cookie: HTTPFields = [.authorization: "", .cookie: "sextant_session=\(session)"]
            // The session reads the API; it never changes anything there, nor reads the audit trail.
            #expect(try await client.send(.get, "/api/v1/slos", headers: cookie).status == .ok)
            #expect(try await client.send(.get, "/api/v1/audit", headers: cookie).status == .unauthorized)
            let silence = #"{"matchers":["alertname=X"],"endsAt":"2099-01-01T00:00:00Z","createdBy":"a","comment":"c"}"#
            #expect(try await client.send(.post, "/api/v1/silences", body: silence, headers: cookie).status == .unauthorized)
            // Sign-in and sign-out are in the audit trail, by the key's name.
            let audit = try await client.send(.get, "/api/v1/audit?limit=50").json["records"] as? [[String: Any]] ?? []
            #expect(audit.contains { $0["action"] as? String == "sign-in" && $0["keyName"] as? String == "ana" && $0["outcome"] as? String == "allowed" }, "\(audit)")
            // Sign-out needs the page's CSRF token.
            let noToken = try await client.send(.post, "/ui/sign-out", body: "csrf=wrong", contentType: "application/x-www-form-urlencoded", headers: cookie)
            #expect(noToken.status == .badRequest && noToken.error.code == "csrf")
            #expect(try await client.send(.get, "/ui/", headers: cookie).status == .ok)
            let out = try await client.send(.post, "/ui/sign-out", body: "csrf=\(csrf)", contentType: "application/x-www-form-urlencoded", headers: cookie)
            #expect(out.status == .seeOther && out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await client.send(.get, "/ui/", headers: cookie).status == .seeOther)
            // Revoking the key ends its sessions.
            let (again, _) = try await Self.signIn(client, key: viewer)
            let keys = try await client.send(.get, "/api/v1/auth/keys").json["keys"] as? [[String: Any]] ?? []
            let keyID = try #require(keys.first { $0["name"] as? String == "ana" }?["id"] as? String, "\(keys)")
            #expect(try await client.send(.delete, "/api/v1/auth/keys/\(keyID)").status.code < 300)
            #expect(try await client.send(.get, "/ui/", headers: [.authorization: "", .cookie: "sextant_session=\(again)"]).status == .seeOther)
        }
    }

    @Test(arguments: TestBackend.available)
    func pagesShowWhatTheAPIAnswersAndEscapeWhatTheyShow(backend: TestBackend) async throws {
        try await withTestApp(backend, configure: { $0.alertingTick = nil; $0.samplingWait = 0.05 }) { client, environment in
            #expect(try await client.send(.post, "/api/v1/slos", body: SLOAPITests.availability).status == .created)
            #expect(try await client.send(.post, "/v1/traces", body: SLOAPITests.requests(200, failing: 7, round: 0)).status == .ok)
            let hostile = String(decoding: OTLPExport(resources: [.init(service: "<script>alert(1)</script>", spans: [
                .init(traceID: TraceID(high: 9, low: 9), spanID: SpanID(1), name: "GET /\"><img>", kind: .server, startNanos: 1, endNanos: 2),
            ])]).json(), as: UTF8.self)
            #expect(try await client.send(.post, "/v1/traces", body: hostile).status == .ok)
            let viewer = try await createKey(.viewer, name: "ben", in: environment)
            let (session, _) = try await Self.signIn(client, key: viewer)
            let cookie: HTTPFields = [.authorization: "", .cookie: "sextant_session=\(session)"]

            // The overview's gauge shows the budget the status API answers.
            let status = try await client.send(.get, "/api/v1/slos/api-service-availability/status").json
            let remaining = try #require(((status["errorBudget"] as? [String: Any])?["remainingPercent"] as? Double))
            let overview = try await client.send(.get, "/ui/", headers: cookie).text
            #expect(overview.contains("data-remaining-percent=\"\(String(format: "%.1f", remaining))\""), "\(remaining)")
            #expect(overview.contains("href=\"/ui/services/api-service\""))
            // What spans named is escaped wherever it is shown.
            #expect(!overview.contains("<script>alert(1)</script>") && overview.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

            let service = try await client.send(.get, "/ui/services/api-service?window=6h", headers: cookie)
            #expect(service.status == .ok && service.text.contains("<h1>api-service</h1>") && service.text.contains("<svg class=\"chart\""))
            #expect(service.text.contains("id=\"slo-api-service-availability\"") && service.text.contains("auth-service"))
            #expect(try await client.send(.get, "/ui/services/nothing-here", headers: cookie).status == .notFound)
            // The objective's page spells out the budget and the burn rates.
            let objective = try await client.send(.get, "/ui/slos/api-service-availability", headers: cookie)
            #expect(objective.status == .ok && objective.text.contains("÷ (1 − 0.99900)") && objective.text.contains("bad events allowed"), "\(objective.text.prefix(300))")
            #expect(objective.text.contains("data-remaining-percent=\"\(String(format: "%.1f", remaining))\""))
            #expect(objective.text.contains("<th scope=\"col\">Since</th>"))
            // The graph tints a service whose objective is breached.
            let graph = try await client.send(.get, "/ui/graph", headers: cookie).text
            #expect(graph.contains("data-node=\"api-service\" data-status=\"ok\" data-health=\"objective\""), "\(graph.prefix(2_000))")
            #expect(graph.contains("data-node=\"auth-service\" data-status=\"ok\" data-health=\"ok\""))
            // The audit log is for those who may read it: a viewer is refused, and not offered the link.
            #expect(try await client.send(.get, "/ui/audit", headers: cookie).status == .forbidden)
            #expect(!overview.contains("href=\"/ui/audit\""))
            #expect(try await client.send(.get, "/ui/services/api-service?window=7y", headers: cookie).status == .badRequest)

            // An error trace, once kept, has a waterfall with a jump to its error.
            var traceID: String?
            for _ in 0..<100 where traceID == nil {
                let found = try await client.send(.get, "/api/v1/services/api-service/traces?status=error").json["traces"] as? [[String: Any]] ?? []
                traceID = found.first?["traceID"] as? String
                if traceID == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            let id = try #require(traceID)
            let trace = try await client.send(.get, "/ui/traces/\(id)", headers: cookie)
            #expect(trace.status == .ok && trace.text.contains("<svg class=\"waterfall\"") && trace.text.contains("Jump to the first error"))
            let search = try await client.send(.get, "/ui/traces?service=api-service&errors=true", headers: cookie)
            #expect(search.text.contains("/ui/traces/\(id)"))
            // Logs: a bad query is named, not a failure.
            let logs = try await client.send(.get, "/ui/logs?query=%7Bservice%3D", headers: cookie)
            #expect(logs.status == .ok && logs.text.contains("parse error at line 1"))
        }
    }

    @Test(arguments: TestBackend.available)
    func configurationShowsVersionsAndDifferencesAndRevealsSecretsOnlyToAdmins(backend: TestBackend) async throws {
        try await withTestApp(backend, configure: { $0.alertingTick = nil }) { client, environment in
            for name in ["staging", "production"] {
                #expect(try await client.send(.post, "/api/v1/environments", body: #"{"name":"\#(name)"}"#).status == .created)
            }
            #expect(try await client.send(.put, "/api/v1/configuration/payments.timeout?environment=staging", body: "5").status.code < 300)
            #expect(try await client.send(.put, "/api/v1/configuration/payments.timeout?environment=production", body: "30").status.code < 300)
            #expect(try await client.send(.put, "/api/v1/configuration/payments.retries?environment=staging", body: "3").status.code < 300)
            #expect(try await client.send(.put, "/api/v1/secrets/staging/db/password", body: #"{"value":"s3cret-<ui>"}"#).status.code < 300)
            let viewer = try await createKey(.viewer, name: "vic", in: environment)
            let (viewerSession, viewerCSRF) = try await Self.signIn(client, key: viewer)
            let viewerCookie: HTTPFields = [.authorization: "", .cookie: "sextant_session=\(viewerSession)"]
            let page = try await client.send(.get, "/ui/configuration?environment=staging&compare=production", headers: viewerCookie).text
            #expect(page.contains("payments.retries") && page.contains("db/password") && !page.contains("s3cret"))
            #expect(page.contains("<h2 id=\"diff\">staging against production</h2>") && page.contains("<em>missing</em>"))
            #expect(!page.contains("action=\"/ui/secrets/reveal\""))
            let versions = try await client.send(.get, "/ui/configuration/versions?environment=staging&key=payments.timeout", headers: viewerCookie)
            #expect(versions.status == .ok && versions.text.contains("<pre>5</pre>"))
            let forged = try await client.send(.post, "/ui/secrets/reveal", body: "csrf=\(viewerCSRF)&environment=staging&path=db%2Fpassword",
                                               contentType: "application/x-www-form-urlencoded", headers: viewerCookie)
            #expect(forged.status == .forbidden && !forged.text.contains("s3cret"))
            // An admin is offered the reveal; the value is shown once, escaped, and the reveal audited.
            let admin = try await createKey(.admin, name: "ada", in: environment)
            let (adminSession, adminCSRF) = try await Self.signIn(client, key: admin)
            let adminCookie: HTTPFields = [.authorization: "", .cookie: "sextant_session=\(adminSession)"]
            #expect(try await client.send(.get, "/ui/configuration?environment=staging", headers: adminCookie).text.contains("action=\"/ui/secrets/reveal\""))
            let revealed = try await client.send(.post, "/ui/secrets/reveal", body: "csrf=\(adminCSRF)&environment=staging&path=db%2Fpassword",
                                                 contentType: "application/x-www-form-urlencoded", headers: adminCookie)
            #expect(revealed.status == .ok && revealed.text.contains("s3cret-&lt;ui&gt;") && revealed.headers[.cacheControl] == "no-store")
            let audit = try await client.send(.get, "/api/v1/audit?limit=100").json["records"] as? [[String: Any]] ?? []
            #expect(audit.contains { $0["action"] as? String == "reveal-secret" && $0["keyName"] as? String == "ada" }, "\(audit)")
        }
    }
}
