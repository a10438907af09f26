import Foundation

/// OpenID Connect sign-in, the parts that decide (no I/O, no clock of its own): the
/// authorization request with PKCE (S256), state and nonce, and the checks an ID token's claims
/// must pass — issuer, audience, expiry, nonce — before its role claim names a Sextant role.
public enum OIDCLogin {
    /// What the UI keeps between sending a person to the provider and their return.
    public struct Pending: Sendable, Equatable {
        public var state: String
        public var nonce: String
        public var verifier: String
        public var next: String
        public var createdAt: Date

        public init(state: String, nonce: String, verifier: String, next: String, createdAt: Date) {
            self.state = state
            self.nonce = nonce
            self.verifier = verifier
            self.next = next
            self.createdAt = createdAt
        }
    }

    /// How long a sign-in may take between leaving for the provider and coming back.
    public static let pendingLifetime: TimeInterval = 600

    /// The authorization endpoint's URL for `pending`, with the PKCE challenge of its verifier.
    public static func authorizationURL(endpoint: String, clientID: String, redirectURI: String, scope: String, pending: Pending,
                                        challenge: String) -> String {
        let parameters = [
            ("response_type", "code"), ("client_id", clientID), ("redirect_uri", redirectURI), ("scope", scope), ("state", pending.state),
            ("nonce", pending.nonce), ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ]
        let query = parameters.map { "\($0.0)=\(formEncoded($0.1))" }.joined(separator: "&")
        return endpoint + (endpoint.contains("?") ? "&" : "?") + query
    }

    /// Why a returning sign-in is refused.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case unknownState
        case expired
        case wrongIssuer(String)
        case wrongAudience
        case tokenExpired
        case wrongNonce
        case noRole(claim: String)
        case unknownRole(String)
        case malformed(String)

        public var description: String {
            switch self {
            case .unknownState: return "the sign-in's state is not one this server sent (start again from the sign-in page)"
            case .expired: return "the sign-in took longer than 10 minutes; start again"
            case .wrongIssuer(let issuer): return "the ID token was issued by \(issuer), not the configured provider"
            case .wrongAudience: return "the ID token is not for this client"
            case .tokenExpired: return "the ID token has expired"
            case .wrongNonce: return "the ID token's nonce is not the one this sign-in sent"
            case .noRole(let claim): return "the ID token has no \(claim) claim naming a role"
            case .unknownRole(let role): return "the ID token's role \(role) is not one of ingest, viewer, responder, operator, admin"
            case .malformed(let why): return "the ID token is malformed: \(why)"
            }
        }
    }

    /// The role an ID token's verified claims give, after checking them against the sign-in
    /// they answer. `roleClaim` may name a string or a list of strings (the highest role wins).
    public static func role(claims: [String: Any], pending: Pending, issuer: String, clientID: String, roleClaim: String, at now: Date) throws -> Role {
        guard let tokenIssuer = claims["iss"] as? String else { throw Refusal.malformed("no iss") }
        guard tokenIssuer == issuer || tokenIssuer == issuer + "/" || tokenIssuer + "/" == issuer else { throw Refusal.wrongIssuer(tokenIssuer) }
        let audiences = (claims["aud"] as? [String]) ?? (claims["aud"] as? String).map { [$0] } ?? []
        guard audiences.contains(clientID) else { throw Refusal.wrongAudience }
        guard let expiry = (claims["exp"] as? NSNumber)?.doubleValue, expiry > now.timeIntervalSince1970 else { throw Refusal.tokenExpired }
        guard let nonce = claims["nonce"] as? String, nonce == pending.nonce else { throw Refusal.wrongNonce }
        let named = (claims[roleClaim] as? [String]) ?? (claims[roleClaim] as? String).map { [$0] } ?? []
        guard !named.isEmpty else { throw Refusal.noRole(claim: roleClaim) }
        let roles = try named.map { name -> Role in
            guard let role = Role(rawValue: name.lowercased()) else { throw Refusal.unknownRole(name) }
            return role
        }
        return roles.max()!
    }

    /// The pending sign-in `state` names, if it is still young enough.
    public static func returning(state: String, pending: [String: Pending], at now: Date) throws -> Pending {
        guard let found = pending[state] else { throw Refusal.unknownState }
        guard now.timeIntervalSince(found.createdAt) <= pendingLifetime else { throw Refusal.expired }
        return found
    }

    /// `application/x-www-form-urlencoded` encoding of one value.
    public static func formEncoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["-", "_", ".", "~"])) ?? value
    }

    /// Base64url without padding, as JWTs and PKCE use it.
    public static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Decodes base64url with or without padding.
    public static func fromBase64URL(_ text: some StringProtocol) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map(Array.init)
    }
}
