import Foundation
import Testing

@testable import SextantCore

@Suite("Access decisions")
struct AccessDecisionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func key() -> APIKeyText {
        var random = SystemRandomNumberGenerator()
        return APIKeyText.generate(using: &random)
    }

    static func record(_ key: APIKeyText, role: Role, expiresAt: Date? = nil, revokedAt: Date? = nil) -> APIKeyRecord {
        APIKeyRecord(id: key.id, name: "ci", role: role, expiresAt: expiresAt, createdBy: "admin", createdAt: now.addingTimeInterval(-60),
                     revokedAt: revokedAt, secretHash: key.secretHash)
    }

    /// Each role against a permission of each level: allowed exactly when the role reaches it.
    @Test func rolesAllowWhatTheirLevelAllowsAndNoMore() {
        let table: [(Permission, Role)] = [  // the least role that has it
            (.ingest, .ingest), (.read, .viewer), (.silence, .responder), (.acknowledge, .responder),
            (.runHealthChecks, .responder), (.editCatalog, .operator), (.editObjectives, .operator), (.editRules, .operator),
            (.runJobs, .operator), (.deploy, .operator), (.configure, .operator), (.configureProtected, .admin),
            (.manageKeys, .admin), (.readSecrets, .admin), (.readAudit, .admin), (.manageKeyring, .admin),
        ]
        #expect(Set(table.map(\.0)) == Set(Permission.allCases))
        let key = Self.key()
        for (permission, least) in table {
            for role in Role.allCases {
                let decision = AccessDecision.decide(presented: key, record: Self.record(key, role: role), needs: permission, at: Self.now)
                // Ingest is a separate line: a viewer reads but sends nothing; an operator does both.
                let expected = permission == .ingest ? [Role.ingest, .operator, .admin].contains(role) : role >= least
                if expected {
                    #expect(decision == .allowed(Self.record(key, role: role)), "\(role) → \(permission)")
                } else {
                    #expect(decision == .forbidden(key: Self.record(key, role: role), missing: permission), "\(role) → \(permission)")
                }
            }
        }
    }

    @Test func everyBadCredentialGetsTheSameAnswer() {
        let key = Self.key()
        let other = Self.key()
        let admin = Self.record(key, role: .admin)
        let cases: [(String, APIKeyText?, APIKeyRecord?)] = [
            ("no key", nil, admin),
            ("unknown key", key, nil),
            ("another key's secret", other, Self.record(key, role: .admin)),
            ("expired", key, Self.record(key, role: .admin, expiresAt: Self.now)),
            ("revoked", key, Self.record(key, role: .admin, revokedAt: Self.now.addingTimeInterval(-1))),
        ]
        for (name, presented, record) in cases {
            #expect(AccessDecision.decide(presented: presented, record: record, needs: .read, at: Self.now) == .unauthenticated, "\(name)")
        }
    }

    @Test func headersPresentKeysAsBearerOrAsABasicPassword() {
        let key = Self.key()
        #expect(AccessDecision.presentedKey(authorization: "Bearer \(key.text)") == key)
        #expect(AccessDecision.presentedKey(authorization: "bearer  \(key.text) ") == key)
        let basic = Data("prometheus:\(key.text)".utf8).base64EncodedString()
        #expect(AccessDecision.presentedKey(authorization: "Basic \(basic)") == key)
        for header in [nil, "", "Bearer", "Token \(key.text)", "Bearer \(key.text)x", "Basic !!!", "Bearer ключ",
                       "Bearer " + String(repeating: "a", count: 10_000), "Basic " + Data("no-colon".utf8).base64EncodedString()] {
            #expect(AccessDecision.presentedKey(authorization: header) == nil, "\(String(describing: header?.prefix(40)))")
        }
    }
}
