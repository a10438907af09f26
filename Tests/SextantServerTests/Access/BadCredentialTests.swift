import Foundation
import HTTPTypes
import HummingbirdTesting
import SextantCore
import SextantServer
import SextantStorage
import Testing

/// Every malformed, foreign, expired or revoked credential gets the same 401, is audited as
/// denied, and changes nothing — on a route of every permission.
@Suite("Bad credentials")
struct BadCredentialTests {
    @Test func everyBadCredentialGetsTheSame401AndIsAuditedAsDenied() async throws {
        try await withTestApp { client, environment in
            let valid = try await createKey(.admin, name: "valid", in: environment)
            var flipped = Array(valid)
            flipped[10] = flipped[10] == "a" ? "b" : "a"
            var random = SystemRandomNumberGenerator()
            let foreign = APIKeyText.generate(using: &random).text
            let expired = try await createKey(.admin, name: "expired", expiresAt: Date().addingTimeInterval(-60), in: environment)
            let revoked = try await createKey(.admin, name: "revoked", in: environment)
            let revokedID = try #require(APIKeyText.parse(revoked)).id
            #expect(try await client.send(.delete, "/api/v1/auth/keys/\(revokedID)").status == .noContent)
            let credentials = [
                "", "Token \(valid)", "Bearer", "Bearer ", "Bearer \(String(repeating: "x", count: 10_000))", "Bearer sxk_é\(valid.dropFirst(6))",
                "Bearer \(String(flipped))", "Bearer \(foreign)", "Bearer \(expired)", "Bearer \(revoked)",
                "Basic \(Data("user:\(foreign)".utf8).base64EncodedString())", "Basic !!!", "Bearer \(valid.dropLast())",
            ]
            // One route of every permission that has one, and whoami for any key.
            var routes: [RouteAccess: RouteTable.Entry] = [:]
            for route in environment.routeTable.all where route.access != .open && !route.path.hasPrefix("/api/v2") && !route.path.hasPrefix("/ui") && routes[route.access] == nil {
                routes[route.access] = route
            }
            #expect(Set(routes.keys) == Set(environment.routeTable.all.filter { !$0.path.hasPrefix("/ui") }.map(\.access).filter { $0 != .open }))
            let before = try await environment.auditStore.entries(matching: AuditQuery(limit: 10_000)).count
            var bodies: Set<String> = []
            for route in routes.values {
                for credential in credentials {
                    let method = HTTPRequest.Method(route.method)!
                    let answer = try await client.send(method, RoutePermissionTests.concrete(route.path), body: "{}",
                                                       headers: [.authorization: credential])
                    #expect(answer.status == .unauthorized, "\(route.method) \(route.path) with \(credential.prefix(40))")
                    #expect(answer.headers[.wwwAuthenticate] == #"Bearer realm="sextant""#)
                    bodies.insert(answer.text)
                }
            }
            #expect(bodies.count == 1, "\(bodies)")
            let records = try await environment.auditStore.entries(matching: AuditQuery(limit: 10_000))
            let denied = records.dropFirst(before)
            #expect(denied.count == routes.count * credentials.count)
            #expect(denied.allSatisfy { $0.outcome == .denied && $0.status == 401 && $0.keyID == nil })
            // Nothing else happened: no component, no silence, no key beyond the test's own.
            #expect(try await environment.catalog.snapshot().components.isEmpty)
            #expect(try await environment.apiKeys.keys().count == 4)
        }
    }
}
