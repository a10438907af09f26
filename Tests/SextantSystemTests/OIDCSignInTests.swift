#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SextantTestSupport
import SextantWire
import Testing

/// Signing in to the web UI with a real OpenID Connect provider (PyPI's `oidc-provider-mock`):
/// the authorization request carries state, nonce and an S256 PKCE challenge; the ID token's
/// signature, issuer, audience, nonce and role claim are checked; a forged or replayed state, a
/// wrong nonce and a missing role are refused and audited. (The mock does not enforce PKCE; the
/// challenge's arithmetic is checked against RFC 7636's example in `PKCETests`.)
@Suite("OpenID Connect sign-in")
struct OIDCSignInTests {
    static let available = PythonSDKInteropTests.python != nil || PythonSDKInteropTests.isRequired

    static func parameters(_ url: String) -> [String: String] {
        Dictionary(URLComponents(string: url)?.queryItems?.map { ($0.name, $0.value ?? "") } ?? [], uniquingKeysWith: { first, _ in first })
    }

    @Test(.enabled(if: available))
    func aPersonSignsInWithTheProviderAndForgeriesAreRefused() async throws {
        let python = try #require(PythonSDKInteropTests.python)
        let providerPort = LoopbackPort.unused(), port = LoopbackPort.unused()
        let provider = try ChildProcess(python, ["-m", "oidc_provider_mock", "--port", String(providerPort)], environment: ProcessInfo.processInfo.environment)
        defer { provider.signal(SIGTERM) }
        let issuer = "http://127.0.0.1:\(providerPort)"
        try await awaitReadiness(of: "the OpenID Connect provider", within: .seconds(30)) {
            (try? await httpGet("\(issuer)/.well-known/openid-configuration", key: nil, timeout: .seconds(2)))?.status == 200
        }
        for (subject, claims) in [("alice", #"{"email":"alice@example.com","sextant_role":"operator"}"#), ("bob", #"{"email":"bob@example.com"}"#)] {
            var put = HTTPClientRequest(url: "\(issuer)/users/\(subject)")
            put.method = .PUT
            put.headers.add(name: "Content-Type", value: "application/json")
            put.body = .bytes(ByteBuffer(string: claims))
            #expect(try await HTTPClient.shared.execute(put, timeout: .seconds(10)).status.code == 204)
        }
        let directory = try temporaryDirectory()
        try "a-client-secret".write(toFile: directory + "/oidc-secret", atomically: true, encoding: .utf8)
        chmod(directory + "/oidc-secret", 0o600)
        let server = try SextantProcess(["serve", "--port", String(port), "--data-dir", directory, "--oidc-issuer", issuer, "--oidc-client-id", "sextant",
                                         "--oidc-client-secret-file", directory + "/oidc-secret"])
        let url = "http://127.0.0.1:\(try await server.port())"
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        // The client is shut down however the scenario ends (a client dropped unshut stops the process).
        do {
            try await Self.scenario(http, url: url, issuer: issuer)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    static func scenario(_ http: HTTPClient, url: String, issuer: String) async throws {
        func send(_ target: String, method: HTTPMethod = .GET, form: String? = nil, cookie: String? = nil) async throws -> (status: Int, location: String, cookie: String?, body: String) {
            var request = HTTPClientRequest(url: target)
            request.method = method
            if let form {
                request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                request.body = .bytes(ByteBuffer(string: form))
            }
            if let cookie { request.headers.add(name: "Cookie", value: cookie) }
            let response = try await http.execute(request, timeout: .seconds(60))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            return (Int(response.status.code), response.headers.first(name: "Location") ?? "", response.headers.first(name: "Set-Cookie"), body)
        }
        /// Leaves for the provider as `subject`; `tamper` may change the authorization request.
        func signIn(as subject: String, tamper: (String) -> String = { $0 }) async throws -> (callback: String, authorize: [String: String]) {
            let page = try await send("\(url)/ui/sign-in")
            #expect(page.body.contains("/ui/oidc/start"), "the sign-in page offers the provider")
            let started = try await send("\(url)/ui/oidc/start?next=%2Fui%2Fgraph")
            #expect(started.status == 303 && started.location.hasPrefix("\(issuer)/oauth2/authorize?"), "\(started)")
            let authorized = try await send(tamper(started.location), method: .POST, form: "sub=\(subject)")
            #expect(authorized.status == 302 && authorized.location.hasPrefix("\(url)/ui/oidc/callback?"), "\(authorized)")
            return (authorized.location, parameters(started.location))
        }

        // Alice signs in: state, nonce and an S256 challenge go out; she lands where she was going, as an operator.
        let (callback, request) = try await signIn(as: "alice")
        #expect(request["code_challenge_method"] == "S256" && request["code_challenge"]?.count == 43 && request["state"]?.count == 43
                && request["nonce"]?.count == 43 && request["redirect_uri"] == "\(url)/ui/oidc/callback" && request["client_id"] == "sextant", "\(request)")
        let landed = try await send(callback)
        #expect(landed.status == 303 && landed.location == "/ui/graph", "\(landed.status) \(landed.body.prefix(300))")
        let cookie = try #require(landed.cookie, "no session cookie")
        #expect(cookie.contains("HttpOnly; SameSite=Lax"))
        let session = String(cookie.prefix { $0 != ";" })
        let overview = try await send("\(url)/ui/", cookie: session)
        #expect(overview.status == 200 && overview.body.contains("oidc:alice@example.com (operator)"), "\(overview.body.prefix(500))")

        // The same return again: a state is good once.
        let replayed = try await send(callback)
        #expect(replayed.status == 400 && replayed.body.contains("state"), "\(replayed.body.prefix(300))")
        // A state this server never sent.
        let forged = try await send("\(url)/ui/oidc/callback?code=anything&state=forged-state")
        #expect(forged.status == 400 && forged.body.contains("state is not one this server sent"))
        // A nonce changed on the way: the ID token carries it back, and it is refused.
        let (tampered, _) = try await signIn(as: "alice") { $0.replacingOccurrences(of: "&nonce=", with: "&nonce=evil") }
        let wrongNonce = try await send(tampered)
        #expect(wrongNonce.status == 400 && wrongNonce.body.contains("nonce") && wrongNonce.cookie?.contains("sextant_session") != true,
                "\(wrongNonce.body.prefix(300))")
        // No role claim: refused.
        let (bobs, _) = try await signIn(as: "bob")
        let noRole = try await send(bobs)
        #expect(noRole.status == 400 && noRole.body.contains("no sextant_role claim"), "\(noRole.body.prefix(300))")
        // All of it is in the audit trail.
        let audit = try await httpGet("\(url)/api/v1/audit?action=sign-in&limit=50")
        let records = (try JSONSerialization.jsonObject(with: Data(audit.body.utf8)) as? [String: Any])?["records"] as? [[String: Any]] ?? []
        #expect(records.contains { $0["keyName"] as? String == "oidc:alice@example.com" && $0["outcome"] as? String == "allowed" }, "\(records)")
        #expect(records.filter { $0["outcome"] as? String == "denied" }.count >= 4, "\(records)")
    }
}
