import Foundation
import HummingbirdTesting
import Testing
import SextantServer
import SextantTestSupport

@Suite("Catalog and graph API")
struct CatalogAndGraphAPITests {
    static func names(_ entries: Any?) -> [String] {
        (entries as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
    }

    static func chains(_ entries: Any?) -> [String: String] {
        var result: [String: String] = [:]
        for entry in entries as? [[String: Any]] ?? [] {
            result[entry["name"] as? String ?? ""] = entry["path"] as? String
        }
        return result
    }

    @Test(arguments: TestBackend.available)
    func theExampleCatalogAnswersTheImpactQuestions(_ backend: TestBackend) async throws {
        let yaml = try exampleCatalog()
        try await withTestApp(backend) { client, _ in
            let applied = try await client.send(.put, "/api/v1/catalog", body: yaml, contentType: "application/yaml")
            #expect(applied.status == .ok)
            #expect(applied.json["created"] as? [String] == ["frontend", "api-service", "auth-service", "worker-service"])
            #expect(applied.json["changed"] as? Bool == true)

            let again = try await client.send(.put, "/api/v1/catalog", body: yaml, contentType: "application/yaml")
            #expect(again.json["changed"] as? Bool == false)
            #expect(again.json["unchanged"] as? [String] == ["frontend", "api-service", "auth-service", "worker-service"])
            #expect(again.json["revision"] as? Int == applied.json["revision"] as? Int)
            #expect((again.json["summary"] as? String)?.hasPrefix("no changes") == true)

            let postgres = try await client.send(.get, "/api/v1/graph/impact?failed=postgres")
            #expect(postgres.status == .ok)
            #expect(Self.chains(postgres.json["down"]) == [
                "api-service": "api-service ← postgres",
                "auth-service": "auth-service ← postgres",
                "worker-service": "worker-service ← postgres",
                "frontend": "frontend ← api-service ← postgres",
            ])
            #expect(Self.names(postgres.json["degraded"]).isEmpty)
            #expect((postgres.json["down"] as? [[String: Any]])?.last?["chain"] as? [String] == ["frontend", "api-service", "postgres"])

            let redis = try await client.send(.get, "/api/v1/graph/impact?failed=redis")
            #expect(Self.names(redis.json["down"]).isEmpty)
            #expect(Self.names(redis.json["degraded"]) == ["api-service", "auth-service"])
            let spreading = try await client.send(.get, "/api/v1/graph/impact?failed=redis&propagation=alongHardEdges")
            #expect(Self.names(spreading.json["degraded"]) == ["api-service", "auth-service", "frontend"])
            let oneHop = try await client.send(.get, "/api/v1/graph/impact?failed=postgres&maxDepth=1")
            #expect(Self.names(oneHop.json["down"]) == ["api-service", "auth-service", "worker-service"])
        }
    }

    @Test func canOperateNamesWhatBlocks() async throws {
        let yaml = try exampleCatalog()
        try await withTestApp { client, _ in
            try await client.send(.put, "/api/v1/catalog", body: yaml, contentType: "application/yaml")
            let blocked = try await client.send(.get, "/api/v1/components/frontend/can-operate?failed=postgres")
            #expect(blocked.json["canOperate"] as? Bool == false)
            #expect(blocked.json["blockedBy"] as? [String] == ["api-service"])
            #expect(blocked.json["chain"] as? [String] == ["frontend", "api-service", "postgres"])
            let degraded = try await client.send(.get, "/api/v1/components/worker-service/can-operate?failed=external-api")
            #expect(degraded.json["canOperate"] as? Bool == true)
            #expect(degraded.json["status"] as? String == "degraded")
            #expect(degraded.json["degradedBy"] as? [String] == ["external-api"])
            let fine = try await client.send(.get, "/api/v1/components/worker-service/can-operate?failed=redis")
            #expect(fine.json["canOperate"] as? Bool == true && fine.json["status"] as? String == "ok")
            #expect(try await client.send(.get, "/api/v1/components/ghost/can-operate?failed=redis").status == .notFound)
        }
    }

    @Test func theGraphShowsUnregisteredNodesAndDOT() async throws {
        let yaml = try exampleCatalog()
        try await withTestApp { client, _ in
            try await client.send(.put, "/api/v1/catalog", body: yaml, contentType: "application/yaml")
            let graph = try await client.send(.get, "/api/v1/graph")
            let nodes = graph.json["nodes"] as? [[String: Any]] ?? []
            #expect(nodes.filter { $0["registered"] as? Bool == false }.compactMap { $0["name"] as? String }
                == ["external-api", "postgres", "rabbitmq", "redis"])
            let edges = graph.json["edges"] as? [[String: Any]] ?? []
            #expect(edges.count == 9)
            #expect(edges.contains { $0["from"] as? String == "api-service" && $0["to"] as? String == "redis"
                && $0["fallbackAvailable"] as? Bool == true && $0["hard"] as? Bool == false })
            let dot = try await client.send(.get, "/api/v1/graph?format=dot")
            #expect(dot.headers[.contentType]?.hasPrefix("text/vnd.graphviz") == true)
            #expect(dot.text.contains("\"frontend\" -> \"api-service\""))
            #expect(try await client.send(.get, "/api/v1/graph?format=png").error.field == "format")
            let cycles = try await client.send(.get, "/api/v1/graph/cycles")
            #expect((cycles.json["cycles"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func cyclesAreListedAndImpactStillTerminates() async throws {
        try await withTestApp { client, _ in
            let document = #"{"components":[{"name":"a","owner":"o","tier":1,"dependencies":[{"name":"b","type":"internalService"}]},{"name":"b","owner":"o","tier":1,"dependencies":[{"name":"a","type":"internalService"}]}]}"#
            #expect(try await client.send(.put, "/api/v1/catalog", body: document).status == .ok)
            let cycles = try await client.send(.get, "/api/v1/graph/cycles")
            let first = (cycles.json["cycles"] as? [[String: Any]])?.first
            #expect(first?["members"] as? [String] == ["a", "b"])
            #expect(first?["path"] as? [String] == ["a", "b", "a"])
            let impact = try await client.send(.get, "/api/v1/graph/impact?failed=a")
            #expect(Self.names(impact.json["down"]) == ["b"])
        }
    }

    @Test func impactQuestionsAreChecked() async throws {
        let yaml = try exampleCatalog()
        try await withTestApp { client, _ in
            try await client.send(.put, "/api/v1/catalog", body: yaml, contentType: "application/yaml")
            let unknown = try await client.send(.get, "/api/v1/graph/impact?failed=postgres,postgress")
            #expect(unknown.status == .notFound)
            #expect(unknown.error.field == "failed")
            #expect(unknown.error.message?.contains("postgress") == true)
            let none = try await client.send(.get, "/api/v1/graph/impact")
            #expect(none.status == .badRequest && none.error.field == "failed")
            let badPropagation = try await client.send(.get, "/api/v1/graph/impact?failed=redis&propagation=everywhere")
            #expect(badPropagation.error.field == "propagation")
        }
    }

    @Test(arguments: TestBackend.available)
    func applyIsAtomicPrunesAndDryRuns(_ backend: TestBackend) async throws {
        let yaml = try exampleCatalog()
        try await withTestApp(backend) { client, _ in
            try await client.send(.put, "/api/v1/catalog", body: yaml, contentType: "application/yaml")
            let invalid = #"{"components":[{"name":"frontend","owner":"o","tier":1},{"name":"api-service","owner":"o","tier":9}]}"#
            let refused = try await client.send(.put, "/api/v1/catalog?prune=true", body: invalid)
            #expect(refused.status == .badRequest)
            #expect(refused.error.field == "components[1].tier")
            let onlyFrontend = #"{"components":[{"name":"frontend","owner":"team-web","tier":1,"dependencies":[{"name":"api-service","type":"internalService"}]}]}"#
            let preview = try await client.send(.put, "/api/v1/catalog?prune=true&dryRun=true", body: onlyFrontend)
            #expect(preview.json["deleted"] as? [String] == ["api-service", "auth-service", "worker-service"])
            #expect(preview.json["updated"] as? [String] == ["frontend"])
            #expect(preview.json["dryRun"] as? Bool == true)
            #expect(try await client.send(.get, "/api/v1/components").json["total"] as? Int == 4)
            let pruned = try await client.send(.put, "/api/v1/catalog?prune=true", body: onlyFrontend)
            #expect(pruned.json["deleted"] as? [String] == ["api-service", "auth-service", "worker-service"])
            #expect(try await client.send(.get, "/api/v1/components").json["total"] as? Int == 1)
            // The graph follows the catalog: api-service is no longer registered.
            let graph = try await client.send(.get, "/api/v1/graph")
            let apiNode = (graph.json["nodes"] as? [[String: Any]])?.first { $0["name"] as? String == "api-service" }
            #expect(apiNode?["registered"] as? Bool == false)
        }
    }

    @Test func documentsAreCheckedWithTheirFieldPaths() async throws {
        try await withTestApp { client, _ in
            let yamlSyntax = try await client.send(.put, "/api/v1/catalog", body: "components:\n  - name: [unclosed", contentType: "application/yaml")
            #expect(yamlSyntax.status == .badRequest && yamlSyntax.error.code == "malformed_body", "\(yamlSyntax.error)")
            let yamlType = try await client.send(.put, "/api/v1/catalog", body: "components:\n  - name: a\n    owner: o\n    tier: high\n", contentType: "application/yaml")
            #expect(yamlType.status == .badRequest && yamlType.error.field == "components[0].tier")
            let duplicate = try await client.send(.put, "/api/v1/catalog", body: #"{"components":[{"name":"a","owner":"o","tier":1},{"name":"a","owner":"o","tier":2}]}"#)
            #expect(duplicate.error.code == "duplicate_component" && duplicate.error.field == "components[1].name")
            let wrongKind = try await client.send(.put, "/api/v1/catalog", body: #"{"kind":"Deployment","components":[]}"#)
            #expect(wrongKind.error.field == "kind")
            let sniffed = try await client.send(.put, "/api/v1/catalog", body: "components:\n  - name: a\n    owner: o\n    tier: 1\n", contentType: nil)
            #expect(sniffed.status == .ok)
            let badFlag = try await client.send(.put, "/api/v1/catalog?prune=maybe", body: #"{"components":[]}"#)
            #expect(badFlag.error.field == "prune")
        }
    }

    @Test func theCatalogExportsAsADocumentThatAppliesBack() async throws {
        let yaml = try exampleCatalog()
        try await withTestApp { client, _ in
            try await client.send(.put, "/api/v1/catalog", body: yaml, contentType: "application/yaml")
            let exported = try await client.send(.get, "/api/v1/catalog?format=yaml")
            #expect(exported.headers[.contentType] == "application/yaml")
            let reapplied = try await client.send(.put, "/api/v1/catalog", body: exported.text, contentType: "application/yaml")
            #expect(reapplied.json["changed"] as? Bool == false)
            let json = try await client.send(.get, "/api/v1/catalog")
            #expect((json.json["components"] as? [Any])?.count == 4)
        }
    }
}
