import Crypto
import Foundation
import SextantCore
import SextantWire
import Synchronization
import _CryptoExtras

/// Signs people in with an OpenID Connect provider: the authorization code flow with PKCE (S256),
/// state and nonce (Core's ``OIDCLogin`` decides), the code exchanged at the token endpoint, and
/// the ID token's RS256 signature checked against the provider's published keys.
final class OIDCClient: Sendable {
    struct Settings: Sendable {
        var issuer: String
        var clientID: String
        var clientSecret: Secret?
        var roleClaim: String
        var redirectURI: String
    }

    /// Who signed in.
    struct Person: Sendable {
        var subject: String
        var name: String
        var role: Role
    }

    private struct Endpoints: Sendable {
        var authorization: String
        var token: URL
        var keys: URL
    }

    private struct State: Sendable {
        var endpoints: Endpoints?
        var keys: [String: _RSA.Signing.PublicKey] = [:]
        var pending: [String: OIDCLogin.Pending] = [:]
    }

    let settings: Settings
    private let transport: any HTTPTransport
    private let clock: any WallClock
    private let state = Mutex(State())
    /// The most sign-ins under way at once; the oldest are forgotten first.
    static let maximumPending = 1_000

    init(settings: Settings, transport: any HTTPTransport, clock: any WallClock) {
        self.settings = settings
        self.transport = transport
        self.clock = clock
    }

    /// The provider's authorization URL for a new sign-in that returns to `next`.
    func start(next: String) async throws -> String {
        let endpoints = try await discovered()
        let pending = OIDCLogin.Pending(state: UISessions.randomToken(), nonce: UISessions.randomToken(), verifier: UISessions.randomToken(),
                                        next: next, createdAt: clock.now())
        state.withLock { state in
            let now = clock.now()
            state.pending = state.pending.filter { now.timeIntervalSince($0.value.createdAt) <= OIDCLogin.pendingLifetime }
            if state.pending.count >= Self.maximumPending, let oldest = state.pending.min(by: { $0.value.createdAt < $1.value.createdAt })?.key {
                state.pending[oldest] = nil
            }
            state.pending[pending.state] = pending
        }
        return OIDCLogin.authorizationURL(endpoint: endpoints.authorization, clientID: settings.clientID, redirectURI: settings.redirectURI,
                                          scope: "openid email profile", pending: pending, challenge: Self.challenge(for: pending.verifier))
    }

    /// PKCE's S256 challenge of a verifier: base64url(SHA-256(verifier)).
    static func challenge(for verifier: String) -> String {
        OIDCLogin.base64URL(SHA256.hash(data: Data(verifier.utf8)))
    }

    /// Finishes the sign-in `returnedState` names with the provider's `code`: who it is, and where to go.
    func finish(code: String, returnedState: String) async throws -> (person: Person, next: String) {
        let now = clock.now()
        let pending = try state.withLock { state -> OIDCLogin.Pending in
            let found = try OIDCLogin.returning(state: returnedState, pending: state.pending, at: now)
            state.pending[returnedState] = nil   // a state is good for one return only
            return found
        }
        let endpoints = try await discovered()
        let form = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", settings.redirectURI), ("client_id", settings.clientID),
                    ("code_verifier", pending.verifier)]
        var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        // A confidential client authenticates with HTTP Basic (client_secret_basic, OpenID
        // Connect's default); a public one only names itself, PKCE proving the code is its own.
        if let secret = settings.clientSecret {
            let pair = "\(OIDCLogin.formEncoded(settings.clientID)):\(OIDCLogin.formEncoded(secret.revealed))"
            headers.append(("Authorization", "Basic " + Data(pair.utf8).base64EncodedString()))
        }
        let body = form.map { "\($0.0)=\(OIDCLogin.formEncoded($0.1))" }.joined(separator: "&")
        let answer = try await transport.send(OutboundRequest(method: "POST", url: endpoints.token, headers: headers,
                                                              body: Array(body.utf8), timeout: .seconds(10), maximumResponseBytes: 256 * 1024))
        guard answer.status == 200, let token = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any],
              let idToken = token["id_token"] as? String else {
            throw OIDCLogin.Refusal.malformed("the token endpoint answered \(answer.status) without an id_token")
        }
        let claims = try await verified(idToken)
        let role = try OIDCLogin.role(claims: claims, pending: pending, issuer: settings.issuer, clientID: settings.clientID,
                                      roleClaim: settings.roleClaim, at: now)
        let subject = claims["sub"] as? String ?? "unknown"
        let name = (claims["email"] as? String) ?? (claims["preferred_username"] as? String) ?? subject
        return (Person(subject: subject, name: String(name.prefix(100)), role: role), pending.next)
    }

    /// The claims of an ID token whose RS256 signature a published key of the provider verifies.
    private func verified(_ token: String) async throws -> [String: Any] {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = OIDCLogin.fromBase64URL(parts[0]), let payloadBytes = OIDCLogin.fromBase64URL(parts[1]),
              let signature = OIDCLogin.fromBase64URL(parts[2]),
              let header = (try? JSONSerialization.jsonObject(with: Data(headerBytes))) as? [String: Any],
              let claims = (try? JSONSerialization.jsonObject(with: Data(payloadBytes))) as? [String: Any] else {
            throw OIDCLogin.Refusal.malformed("not a signed JWT")
        }
        guard header["alg"] as? String == "RS256" else { throw OIDCLogin.Refusal.malformed("only RS256 signatures are accepted") }
        let kid = header["kid"] as? String ?? ""
        var key = state.withLock { $0.keys[kid] }
        if key == nil {
            try await loadKeys()
            key = state.withLock { $0.keys[kid] ?? ($0.keys.count == 1 && kid.isEmpty ? $0.keys.values.first : nil) }
        }
        guard let key else { throw OIDCLogin.Refusal.malformed("no published key \(kid)") }
        let signed = Data("\(parts[0]).\(parts[1])".utf8)
        guard key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: signed),
                                   padding: .insecurePKCS1v1_5) else {
            throw OIDCLogin.Refusal.malformed("the signature does not verify")
        }
        return claims
    }

    private func discovered() async throws -> Endpoints {
        if let known = state.withLock({ $0.endpoints }) { return known }
        let base = settings.issuer.hasSuffix("/") ? String(settings.issuer.dropLast()) : settings.issuer
        let document = try await json(URL(string: base + "/.well-known/openid-configuration"))
        guard let authorization = document["authorization_endpoint"] as? String, let token = (document["token_endpoint"] as? String).flatMap({ URL(string: $0) }),
              let keys = (document["jwks_uri"] as? String).flatMap({ URL(string: $0) }) else {
            throw OIDCLogin.Refusal.malformed("the provider's discovery document lacks its endpoints")
        }
        let endpoints = Endpoints(authorization: authorization, token: token, keys: keys)
        state.withLock { $0.endpoints = endpoints }
        return endpoints
    }

    private func loadKeys() async throws {
        let endpoints = try await discovered()
        let set = try await json(endpoints.keys)
        var keys: [String: _RSA.Signing.PublicKey] = [:]
        for case let key as [String: Any] in set["keys"] as? [Any] ?? [] where key["kty"] as? String == "RSA" {
            guard let n = (key["n"] as? String).flatMap(OIDCLogin.fromBase64URL), let e = (key["e"] as? String).flatMap(OIDCLogin.fromBase64URL),
                  let publicKey = try? _RSA.Signing.PublicKey(n: n, e: e) else { continue }
            keys[key["kid"] as? String ?? ""] = publicKey
        }
        state.withLock { $0.keys = keys }
    }

    private func json(_ url: URL?) async throws -> [String: Any] {
        guard let url else { throw OIDCLogin.Refusal.malformed("a URL of the provider is invalid") }
        let answer = try await transport.send(OutboundRequest(url: url, headers: [("Accept", "application/json")], timeout: .seconds(10),
                                                              maximumResponseBytes: 256 * 1024))
        guard answer.status == 200, let object = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] else {
            throw OIDCLogin.Refusal.malformed("\(url.absoluteString) answered \(answer.status)")
        }
        return object
    }
}
