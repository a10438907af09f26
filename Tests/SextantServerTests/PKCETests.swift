@testable import SextantServer
import SextantCore
import Foundation
import Testing

@Suite("OpenID Connect sign-in, the parts that decide")
struct PKCETests {
    /// RFC 7636, appendix B.
    @Test func theS256ChallengeIsTheRFCsExample() {
        #expect(OIDCClient.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    static let pending = OIDCLogin.Pending(state: "s", nonce: "n", verifier: "v", next: "/ui/", createdAt: Date(timeIntervalSince1970: 1_000))
    static func claims(_ changes: [String: Any] = [:]) -> [String: Any] {
        var claims: [String: Any] = ["iss": "https://idp.example", "aud": "sextant", "exp": 5_000, "nonce": "n", "sextant_role": "operator"]
        for (key, value) in changes { claims[key] = value }
        return claims
    }

    static let cases: [(changes: [String: String], list: Bool, refusal: OIDCLogin.Refusal?)] = [
        ([:], false, nil),
        (["aud": "other"], true, nil),
        (["iss": "https://evil.example"], false, .wrongIssuer("https://evil.example")),
        (["aud": "other"], false, .wrongAudience),
        (["exp": "999"], false, .tokenExpired),
        (["nonce": "replayed"], false, .wrongNonce),
        (["sextant_role": ""], false, .noRole(claim: "sextant_role")),
        (["sextant_role": "root"], false, .unknownRole("root")),
    ]

    @Test func anIDTokensClaimsAreCheckedBeforeTheyNameARole() {
        for (changes, list, refusal) in Self.cases {
            var claims = Self.claims()
            for (key, value) in changes {
                if key == "exp" { claims[key] = Double(value)! } else if value.isEmpty { claims[key] = nil } else { claims[key] = value }
            }
            if list {
                claims["aud"] = ["other", "sextant"]
                claims["sextant_role"] = ["viewer", "admin"]
            }
            let result = Result { try OIDCLogin.role(claims: claims, pending: Self.pending, issuer: "https://idp.example", clientID: "sextant",
                                                     roleClaim: "sextant_role", at: Date(timeIntervalSince1970: 1_200)) }
            switch (result, refusal) {
            case (.success(let role), nil): #expect(role == (list ? .admin : .operator), "\(changes)")
            case (.failure(let error as OIDCLogin.Refusal), let expected?): #expect(error == expected, "\(changes)")
            default: Issue.record("\(changes): \(result)")
            }
        }
    }

    @Test func aStateIsKnownOnlyWhileItsSignInIsYoung() {
        let pending = ["s": Self.pending]
        #expect(throws: OIDCLogin.Refusal.unknownState) { try OIDCLogin.returning(state: "forged", pending: pending, at: Date(timeIntervalSince1970: 1_010)) }
        #expect(throws: OIDCLogin.Refusal.expired) { try OIDCLogin.returning(state: "s", pending: pending, at: Date(timeIntervalSince1970: 1_601)) }
        #expect((try? OIDCLogin.returning(state: "s", pending: pending, at: Date(timeIntervalSince1970: 1_600))) == Self.pending)
    }
}
