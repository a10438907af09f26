import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import SextantServer
import SextantTestSupport

@Suite("Components API")
struct ComponentsAPITests {
    @Test(arguments: TestBackend.available)
    func createReadReplaceDelete(_ backend: TestBackend) async throws {
        try await withTestApp(backend) { client, _ in
            let dependencies = #"[{"name":"postgres","type":"database"},{"name":"redis","type":"cache","critical":true,"fallbackAvailable":true}]"#
            let created = try await client.send(.post, "/api/v1/components", body: componentJSON("api-service", dependencies: dependencies))
            #expect(created.status == .created)
            #expect(created.headers[.location] == "/api/v1/components/api-service")
            #expect(created.json["lifecycle"] as? String == "production")
            #expect(created.json["createdAt"] is String)

            let read = try await client.send(.get, "/api/v1/components/api-service")
            #expect(read.status == .ok)
            let readDependencies = read.json["dependencies"] as? [[String: Any]]
            #expect(readDependencies?.map { $0["name"] as? String } == ["postgres", "redis"])
            #expect(readDependencies?[0]["critical"] as? Bool == true)
            #expect(readDependencies?[0]["fallbackAvailable"] as? Bool == false)
            #expect(readDependencies?[1]["fallbackAvailable"] as? Bool == true)

            let duplicate = try await client.send(.post, "/api/v1/components", body: componentJSON("api-service"))
            #expect(duplicate.status == .conflict)
            #expect(duplicate.error.code == "conflict")

            let replaced = try await client.send(.put, "/api/v1/components/api-service", body: componentJSON("api-service", owner: "team-b", tier: 1))
            #expect(replaced.status == .ok)
            #expect(replaced.json["owner"] as? String == "team-b")
            #expect((replaced.json["dependencies"] as? [Any])?.isEmpty == true)

            let upserted = try await client.send(.put, "/api/v1/components/worker", body: componentJSON("worker"))
            #expect(upserted.status == .created)

            #expect(try await client.send(.delete, "/api/v1/components/api-service").status == .noContent)
            let again = try await client.send(.delete, "/api/v1/components/api-service")
            #expect(again.status == .notFound)
            #expect(again.error.code == "not_found")
            #expect(try await client.send(.get, "/api/v1/components/api-service").status == .notFound)
        }
    }

    @Test(arguments: TestBackend.available)
    func listsFilterAndPage(_ backend: TestBackend) async throws {
        try await withTestApp(backend) { client, _ in
            for (name, owner, tier) in [("a1", "x", 1), ("a2", "y", 2), ("a3", "x", 2), ("a4", "x", 3)] {
                try await client.send(.post, "/api/v1/components", body: #"{"name":"\#(name)","owner":"\#(owner)","tier":\#(tier),"labels":{"zone":"\#(tier == 2 ? "eu" : "us")"}}"#)
            }
            let page = try await client.send(.get, "/api/v1/components?limit=2")
            #expect((page.json["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["a1", "a2"])
            #expect(page.json["total"] as? Int == 4)
            let cursor = try #require(page.json["nextCursor"] as? String)
            let next = try await client.send(.get, "/api/v1/components?limit=2&cursor=\(cursor)")
            #expect((next.json["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["a3", "a4"])
            #expect(next.json["nextCursor"] is NSNull)
            for invalid in ["%%%", "a2", "!!", String(repeating: "A", count: 2_000)] {
                let refused = try await client.send(.get, "/api/v1/components?limit=2&cursor=\(invalid)")
                #expect(refused.status == .badRequest && refused.error.code == "invalid_cursor" && refused.error.field == "cursor", "\(invalid.prefix(10))")
            }

            let filtered = try await client.send(.get, "/api/v1/components?owner=x&tier=2")
            #expect((filtered.json["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["a3"])
            let labelled = try await client.send(.get, "/api/v1/components?label=zone=eu")
            #expect((labelled.json["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["a2", "a3"])
        }
    }

    struct BadRequest: Sendable, CustomTestStringConvertible {
        let label: String
        let method: HTTPRequest.Method
        let uri: String
        let body: String?
        var contentType: String? = "application/json"
        let status: HTTPResponse.Status
        let code: String
        let field: String?
        var testDescription: String { label }
    }

    static let badRequests: [BadRequest] = [
        BadRequest(label: "malformed JSON", method: .post, uri: "/api/v1/components", body: #"{"name": "a", "#, status: .badRequest, code: "malformed_body", field: nil),
        BadRequest(label: "a list, not an object", method: .post, uri: "/api/v1/components", body: "[1, 2]", status: .badRequest, code: "invalid_type", field: nil),
        BadRequest(label: "empty body", method: .post, uri: "/api/v1/components", body: "", status: .badRequest, code: "empty_body", field: nil),
        BadRequest(label: "missing owner", method: .post, uri: "/api/v1/components", body: #"{"name":"a","tier":1}"#, status: .badRequest, code: "missing_field", field: "owner"),
        BadRequest(label: "tier as text", method: .post, uri: "/api/v1/components", body: #"{"name":"a","owner":"o","tier":"one"}"#, status: .badRequest, code: "invalid_type", field: "tier"),
        BadRequest(label: "tier out of range", method: .post, uri: "/api/v1/components", body: componentJSON("a", tier: 7), status: .badRequest, code: "invalid_field", field: "tier"),
        BadRequest(label: "uppercase name", method: .post, uri: "/api/v1/components", body: componentJSON("API"), status: .badRequest, code: "invalid_name", field: "name"),
        BadRequest(label: "unknown field", method: .post, uri: "/api/v1/components", body: #"{"name":"a","owner":"o","tier":1,"teir":2}"#, status: .badRequest, code: "unknown_field", field: "teir"),
        BadRequest(label: "bad dependency type", method: .post, uri: "/api/v1/components", body: componentJSON("a", dependencies: #"[{"name":"b","type":"queue"}]"#), status: .badRequest, code: "invalid_enum", field: "dependencies[0].type"),
        BadRequest(label: "critical as text", method: .post, uri: "/api/v1/components", body: componentJSON("a", dependencies: #"[{"name":"b","type":"cache","critical":"yes"}]"#), status: .badRequest, code: "invalid_type", field: "dependencies[0].critical"),
        BadRequest(label: "self dependency", method: .post, uri: "/api/v1/components", body: componentJSON("a", dependencies: #"[{"name":"a","type":"cache"}]"#), status: .badRequest, code: "self_dependency", field: "dependencies[0].name"),
        BadRequest(label: "text body", method: .post, uri: "/api/v1/components", body: "name=a", contentType: "text/plain", status: .unsupportedMediaType, code: "unsupported_media_type", field: nil),
        BadRequest(label: "YAML to a JSON-only route", method: .post, uri: "/api/v1/components", body: "name: a", contentType: "application/yaml", status: .unsupportedMediaType, code: "unsupported_media_type", field: nil),
        BadRequest(label: "too large", method: .post, uri: "/api/v1/components", body: componentJSON("a", owner: String(repeating: "o", count: 5_000)), status: .contentTooLarge, code: "body_too_large", field: nil),
        BadRequest(label: "name mismatch", method: .put, uri: "/api/v1/components/b", body: componentJSON("a"), status: .badRequest, code: "name_mismatch", field: "name"),
        BadRequest(label: "tier filter", method: .get, uri: "/api/v1/components?tier=9", body: nil, status: .badRequest, code: "invalid_field", field: "tier"),
        BadRequest(label: "label filter", method: .get, uri: "/api/v1/components?label=zone", body: nil, status: .badRequest, code: "invalid_field", field: "label"),
        BadRequest(label: "limit", method: .get, uri: "/api/v1/components?limit=0", body: nil, status: .badRequest, code: "invalid_field", field: "limit"),
        BadRequest(label: "unknown route", method: .get, uri: "/api/v1/nothing", body: nil, status: .notFound, code: "not_found", field: nil),
    ]

    @Test("rejects with the error shape", arguments: badRequests)
    func rejects(_ request: BadRequest) async throws {
        try await withTestApp(configure: { $0.maximumBodySize = 4_096 }) { client, _ in
            let response = try await client.send(request.method, request.uri, body: request.body, contentType: request.contentType)
            #expect(response.status == request.status)
            #expect(response.error.code == request.code)
            #expect(response.error.field == request.field)
            #expect(response.error.message?.isEmpty == false)
            // Nothing was half-written, and the server goes on answering.
            #expect(try await client.send(.get, "/api/v1/components").json["total"] as? Int == 0)
        }
    }
}
