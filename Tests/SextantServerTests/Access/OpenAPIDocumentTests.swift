import Foundation
import HTTPTypes
import HummingbirdTesting
import SextantCore
import SextantServer
import Testing

/// `/openapi.json` describes exactly the routes README's table lists (which the route table test
/// holds equal to what the server registered, and the server refuses to start with a route the
/// table lacks), each with its permission.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test func describesEveryRouteAndNothingElse() async throws {
        try await withTestApp { client, environment in
            #expect(environment.routeTable.undescribedAnswers.isEmpty, "declared answer types without a schema: \(environment.routeTable.undescribedAnswers)")
            let answer = try await client.send(.get, "/openapi.json", headers: [.authorization: ""])
            #expect(answer.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.readableBytesView)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var described: Set<String> = []
            var typedAnswers = 0
            var untypedSextantAnswers: Set<String> = []
            var untypedSextantBodies: Set<String> = []
            for (path, operations) in paths {
                for (method, operation) in operations {
                    let permission = (operation as? [String: Any])?["x-sextant-permission"] as? String ?? "?"
                    described.insert("\(method.uppercased()) \(path) \(permission)")
                    let responses = (operation as? [String: Any])?["responses"] as? [String: Any]
                    let success = ((responses?["2XX"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
                    if let schema = success?["schema"] as? [String: Any], !schema.isEmpty {
                        typedAnswers += 1
                    } else if path.hasPrefix("/api/v1/"), responses?["2XX"] != nil {
                        untypedSextantAnswers.insert("\(method.uppercased()) \(path)")
                    }
                    let body = ((operation as? [String: Any])?["requestBody"] as? [String: Any])?["content"] as? [String: Any]
                    if path.hasPrefix("/api/v1/"), let body, ((body["application/json"] as? [String: Any])?["schema"] as? [String: Any])?.isEmpty != false {
                        untypedSextantBodies.insert("\(method.uppercased()) \(path)")
                    }
                    let security = (operation as? [String: Any])?["security"]
                    #expect((security == nil) == (permission == "open"), "\(method) \(path): security \(String(describing: security))")
                }
            }
            let listed = Set(try RoutePermissionTests.readmeTable().map { row -> String in
                let parts = row.split(separator: " ", maxSplits: 2).map(String.init)
                return "\(parts[0]) \(OpenAPIDocument.path(of: parts[1])) \(parts[2])"
            })
            #expect(described.subtracting(listed).isEmpty, "described but not served: \(described.subtracting(listed).sorted())")
            #expect(listed.subtracting(described).isEmpty, "served but not described: \(listed.subtracting(described).sorted())")
            // Every body Sextant's own routes read, and every answer they write, is described — but
            // the answers shaped by another tool (Grafana's dashboard model, Jaeger's traces).
            #expect(typedAnswers >= 80, "\(typedAnswers) answers have a schema")
            // A configuration value is any JSON document, and described so.
            #expect(untypedSextantBodies == ["PUT /api/v1/configuration/{key}"], "bodies without a schema: \(untypedSextantBodies.sorted())")
            #expect(untypedSextantAnswers == [
                "GET /api/v1/grafana/dashboard", "GET /api/v1/traces/{id}", "GET /api/v1/traces/{id}/logs", "GET /api/v1/services/{name}/traces",
            ], "answers without a schema: \(untypedSextantAnswers.sorted())")
        }
    }

    @Test func pathsAndParametersFollowTheRouteTemplates() {
        #expect(OpenAPIDocument.path(of: "/api/v1/secrets/{environment}/**") == "/api/v1/secrets/{environment}/{path}")
        let document = OpenAPIDocument.make(routes: [
            .init(method: "GET", path: "/api/v1/secrets/{environment}/**", access: .needs(.read)),
            .init(method: "GET", path: "/health", access: .open),
        ], version: "1")
        guard case .object(let root) = document, case .object(let paths) = root["paths"],
              case .object(let secret) = paths["/api/v1/secrets/{environment}/{path}"], case .object(let get) = secret["get"],
              case .array(let parameters) = get["parameters"] else {
            Issue.record("unexpected document \(document.canonicalText)")
            return
        }
        #expect(parameters.count == 2)
        #expect(get["x-sextant-permission"] == .string("read"))
        #expect(paths["/health"] != nil)
    }
}
