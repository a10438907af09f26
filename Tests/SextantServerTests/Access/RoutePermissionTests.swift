import Foundation
import HTTPTypes
import HummingbirdTesting
import SextantCore
import SextantServer
import Testing

/// Every registered route answers a request with no key, with a key of each role and with an
/// expired key as the permission table in README says it should.
@Suite("Route permissions")
struct RoutePermissionTests {
    /// README's route table: `| METHOD | /path | access |` rows between its markers.
    static func readmeTable() throws -> Set<String> {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "<!-- route table -->"), let end = readme.range(of: "<!-- end of route table -->") else { return [] }
        return Set(readme[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line -> String? in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
            guard cells.count == 3, cells[0] != "Method", !cells[0].hasPrefix("-") else { return nil }
            return "\(cells[0]) \(cells[1]) \(cells[2])"
        })
    }

    @Test func readmePrintsEveryRouteWithItsAccess() async throws {
        try await withTestApp { _, environment in
            let registered = environment.routeTable.all
            #expect(registered.count > 40)
            let rows = registered.map { "| \($0.method) | `\($0.path)` | \($0.access) |" }
            let readme = try Self.readmeTable()
            #expect(Set(registered.map { "\($0.method) \($0.path) \($0.access)" }) == readme,
                    "README's route table should be:\n\(rows.joined(separator: "\n"))")
        }
    }

    /// The path of `route` with each parameter filled in with a name nothing has.
    static func concrete(_ path: String) -> String {
        path.split(separator: "/").map { $0.hasPrefix("{") ? "no-such-thing" : String($0) }.reduce("") { "\($0)/\($1)" }
    }

    @Test func everyRouteAnswersEachRoleAsTheTableSays() async throws {
        try await withTestApp { client, environment in
            var keys: [Role: String] = [:]
            for role in Role.allCases { keys[role] = try await createKey(role, name: "table-\(role.rawValue)", in: environment) }
            let expired = try await createKey(.admin, name: "expired", expiresAt: Date().addingTimeInterval(-1), in: environment)
            for route in environment.routeTable.all {
                let method = HTTPRequest.Method(route.method)!
                let path = Self.concrete(route.path)
                let anonymous = try await client.send(method, path, headers: [.authorization: ""])
                let late = try await client.send(method, path, headers: [.authorization: "Bearer \(expired)"])
                if route.access == .open {
                    #expect(![401, 403].contains(anonymous.status.code), "\(route.method) \(path) is open")
                    continue
                }
                // The web UI's pages send whoever has no valid key to its sign-in page instead.
                let unauthenticated: HTTPResponse.Status = route.path.hasPrefix("/ui") ? .seeOther : .unauthorized
                #expect(anonymous.status == unauthenticated, "\(route.method) \(path) without a key")
                #expect(late.status == unauthenticated, "\(route.method) \(path) with an expired key")
                for role in Role.allCases {
                    let answer = try await client.send(method, path, headers: [.authorization: "Bearer \(keys[role]!)"])
                    if route.access.admits(role) {
                        #expect(![401, 403].contains(answer.status.code), "\(route.method) \(path) as \(role): \(answer.status)")
                    } else {
                        #expect(answer.status == .forbidden, "\(route.method) \(path) as \(role): \(answer.status)")
                        if case .needs(let permission) = route.access, !route.path.hasPrefix("/api/v2"), !route.path.hasPrefix("/ui") {
                            #expect(answer.error.code == "forbidden" && answer.error.message?.contains(permission.rawValue) == true)
                        }
                    }
                }
            }
        }
    }

    @Test func metricsNeedAKeyWhenAskedTo() async throws {
        try await withTestApp(configure: { $0.metricsRequireKey = true }) { client, environment in
            #expect(try await client.send(.get, "/metrics", headers: [.authorization: ""]).status == .unauthorized)
            let viewer = try await createKey(.viewer, name: "scraper", in: environment)
            #expect(try await client.send(.get, "/metrics", headers: [.authorization: "Bearer \(viewer)"]).status == .ok)
            #expect(try await client.send(.get, "/health", headers: [.authorization: ""]).status == .ok)
        }
        try await withTestApp { client, _ in
            let open = try await client.send(.get, "/metrics", headers: [.authorization: ""])
            #expect(open.status == .ok)
        }
    }
}
