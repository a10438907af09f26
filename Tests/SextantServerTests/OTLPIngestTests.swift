import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import SextantCore
import SextantServer
import SextantWire
import SextantTestSupport

@Suite("OTLP intake")
struct OTLPIngestTests {
    static let protobuf: HTTPFields = [.contentType: "application/x-protobuf"]

    static func post(_ client: any TestClientProtocol, _ body: [UInt8], headers: HTTPFields = protobuf) async throws -> TestResponse {
        try await client.execute(uri: "/v1/traces", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    static func waitFor(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<200 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("condition not met within 10 s")
    }

    @Test(arguments: TestBackend.available)
    func anAcknowledgedExportIsQueryableAtOnce(_ backend: TestBackend) async throws {
        try await withTestApp(backend) { client, _ in
            let response = try await Self.post(client, ShopTraffic.export(rounds: 0..<10, failing: [3, 7]).protobuf())
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/x-protobuf")
            #expect(response.body.readableBytes == 0)  // an empty ExportTraceServiceResponse

            let red = try await client.send(.get, "/api/v1/services/api-service/red?window=5m")
            #expect(red.status == .ok)
            let total = try #require(red.json["red"] as? [String: Any])
            #expect(total["requests"] as? Int == 10 && total["errors"] as? Int == 2)
            #expect(total["errorRatio"] as? Double == 0.2)
            #expect(((total["latency"] as? [String: Any])?["p50"] as? Double).map { $0 > 0.05 && $0 <= 0.1 } == true)
            let operations = try #require(red.json["operations"] as? [[String: Any]])
            #expect(operations.map { $0["operation"] as? String } == ["POST /orders"])
            let everything = try await client.send(.get, "/api/v1/services/api-service/red?window=1h&kinds=all")
            #expect((everything.json["operations"] as? [[String: Any]])?.count == 3)

            let edge = try await client.send(.get, "/api/v1/edges/red?client=frontend&server=api-service&window=5m")
            #expect((edge.json["red"] as? [String: Any])?["requests"] as? Int == 10)
            #expect((edge.json["red"] as? [String: Any])?["errors"] as? Int == 2)
            #expect((edge.json["connections"] as? [[String: Any]])?.first?["connectionType"] as? String == "direct")
        }
    }

    @Test func pairsAcrossRequestsAndFollowsLinksDatabasesAndVirtualNodes() async throws {
        try await withTestApp(configure: { $0.serviceGraphWait = 4 }) { client, _ in
            // Servers first, their clients in a later request.
            let export = ShopTraffic.export(rounds: 0..<4)
            let byService = Dictionary(uniqueKeysWithValues: export.resources.map { ($0.attributes.first.map { attribute -> String in
                if case .string(let name) = attribute.value { return name } else { return "" } } ?? "", $0) })
            #expect(try await Self.post(client, OTLPExport(resources: [byService["api-service"]!, byService["worker-service"]!]).protobuf()).status == .ok)
            #expect(try await Self.post(client, OTLPExport(resources: [byService["frontend"]!]).protobuf()).status == .ok)

            try await Self.waitFor {
                let graph = try await client.send(.get, "/api/v1/graph")
                return (graph.json["edges"] as? [[String: Any]])?.contains { $0["to"] as? String == "payments.example.com" } == true
            }
            let graph = try await client.send(.get, "/api/v1/graph")
            let edges = Dictionary(uniqueKeysWithValues: (graph.json["edges"] as? [[String: Any]] ?? []).map {
                ("\($0["from"] as? String ?? "")->\($0["to"] as? String ?? "")", $0)
            })
            #expect(Set(edges.keys) == [
                "user->frontend", "frontend->api-service", "api-service->postgres", "api-service->worker-service",
                "worker-service->payments.example.com",
            ])
            #expect(edges["api-service->postgres"]?["connectionTypes"] as? [String] == ["database"])
            #expect(edges["api-service->worker-service"]?["connectionTypes"] as? [String] == ["messaging_system"])
            #expect(edges["api-service->worker-service"]?["communication"] as? String == "asynchronous")
            #expect(edges["frontend->api-service"]?["communication"] as? String == "synchronous")
            #expect(edges["worker-service->payments.example.com"]?["connectionTypes"] as? [String] == ["virtual_node"])
            #expect(edges["user->frontend"]?["connectionTypes"] as? [String] == ["virtual_node"])
            #expect(edges.values.allSatisfy { $0["source"] as? String == "observed" && $0["firstSeen"] is String && $0["lastSeen"] is String })
            let recent = try #require(edges["frontend->api-service"]?["recent"] as? [String: Any])
            #expect(recent["requests"] as? Int == 4)
            let nodes = (graph.json["nodes"] as? [[String: Any]] ?? []).filter { $0["registered"] as? Bool == false }
            #expect(nodes.count == 6)

            let jaeger = try await client.send(.get, "/api/dependencies?lookback=3600000")
            let links = try #require(jaeger.json["data"] as? [[String: Any]])
            #expect(links.contains { $0["parent"] as? String == "api-service" && $0["child"] as? String == "worker-service" && $0["callCount"] as? Int == 4 })
            #expect(jaeger.json["total"] as? Int == 5)

            let metrics = try await client.send(.get, "/metrics").text
            #expect(metrics.contains(#"sextant_servicegraph_expired_edges_total{reason="virtual_node"} 4"#))
            #expect(metrics.contains("sextant_servicegraph_pending_edges 0"))
            #expect(!metrics.contains("traces_service_graph_request_total"))
        }
    }

    @Test func tempoShapedMetricsAreEmittedWhenAskedFor() async throws {
        try await withTestApp(configure: { $0.emitsServiceGraphMetrics = true }) { client, _ in
            #expect(try await Self.post(client, ShopTraffic.export(rounds: 0..<3, failing: [1]).protobuf()).status == .ok)
            // New edges are exposed at zero first, so that Prometheus' increase() counts their first calls.
            let first = try await client.send(.get, "/metrics").text
            #expect(first.contains(#"traces_service_graph_request_total{client="frontend",server="api-service",connection_type=""} 0"#))
            #expect(first.contains(#"traces_service_graph_request_server_seconds_count{client="frontend",server="api-service",connection_type=""} 0"#))
            let metrics = try await client.send(.get, "/metrics").text
            #expect(metrics.contains(#"traces_service_graph_request_total{client="frontend",server="api-service",connection_type=""} 3"#))
            #expect(metrics.contains(#"traces_service_graph_request_failed_total{client="frontend",server="api-service",connection_type=""} 1"#))
            #expect(metrics.contains(#"traces_service_graph_request_total{client="api-service",server="postgres",connection_type="database"} 3"#))
            #expect(metrics.contains(#"traces_service_graph_request_server_seconds_count{client="frontend",server="api-service",connection_type=""} 3"#))
            #expect(metrics.contains(#"traces_service_graph_request_client_seconds_count{client="frontend",server="api-service",connection_type=""} 3"#))
            // The database was never seen from its side: no server latency was made up for it.
            #expect(metrics.contains(#"traces_service_graph_request_server_seconds_count{client="api-service",server="postgres",connection_type="database"} 0"#))
        }
    }

    @Test func driftComparesTheCatalogWithTraffic() async throws {
        let yaml = try exampleCatalog()
        try await withTestApp { client, _ in
            try await client.send(.put, "/api/v1/catalog", body: yaml, contentType: "application/yaml")
            #expect(try await Self.post(client, ShopTraffic.export(rounds: 0..<2).protobuf()).status == .ok)
            let drift = try await client.send(.get, "/api/v1/graph/drift")
            let undeclared = (drift.json["observedButUndeclared"] as? [[String: Any]] ?? []).map { "\($0["from"] as? String ?? "")->\($0["to"] as? String ?? "")" }
            #expect(undeclared == ["api-service->worker-service"])
            let unobserved = (drift.json["declaredButNeverObserved"] as? [[String: Any]] ?? []).map { "\($0["from"] as? String ?? "")->\($0["to"] as? String ?? "")" }
            #expect(unobserved.contains("api-service->redis") && !unobserved.contains("api-service->postgres"))
            let graph = try await client.send(.get, "/api/v1/graph")
            let both = (graph.json["edges"] as? [[String: Any]] ?? []).first { $0["from"] as? String == "api-service" && $0["to"] as? String == "postgres" }
            #expect(both?["source"] as? String == "both" && both?["critical"] as? Bool == true)
            // Observed-only edges take part in impact: a worker outage now takes api-service down.
            let impact = try await client.send(.get, "/api/v1/graph/impact?failed=worker-service")
            #expect((impact.json["down"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["api-service", "frontend", "user"])
            let declaredOnly = try await client.send(.get, "/api/v1/graph/impact?failed=worker-service&observed=false")
            #expect((declaredOnly.json["down"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func jsonAndGzipAreAccepted() async throws {
        try await withTestApp { client, _ in
            let json = try await client.execute(uri: "/v1/traces", method: .post, headers: [.contentType: "application/json"],
                                                body: ByteBuffer(data: ShopTraffic.export(rounds: 0..<2).json()))
            #expect(json.status == .ok)
            #expect(json.headers[.contentType] == "application/json")
            #expect(json.text == "{}")
            var plain = ByteBuffer(bytes: ShopTraffic.export(rounds: 2..<5).protobuf())
            let compressed = try plain.compress(with: .gzip())
            let gzip = try await client.execute(uri: "/v1/traces", method: .post,
                                                headers: [.contentType: "application/x-protobuf", .contentEncoding: "gzip"], body: compressed)
            #expect(gzip.status == .ok)
            let red = try await client.send(.get, "/api/v1/services/frontend/red")
            #expect((red.json["red"] as? [String: Any])?["requests"] as? Int == 5)
        }
    }

    @Test func rejectedSpansAreReportedAsPartialSuccessInTheRequestsEncoding() async throws {
        try await withTestApp { client, _ in
            var export = ShopTraffic.export(rounds: 0..<1)
            export.resources.append(OTLPExport.ResourceSpans(service: nil, spans: export.resources[0].spans))
            let protobuf = try await Self.post(client, export.protobuf())
            #expect(protobuf.status == .ok)
            let message = "rejected 3 spans: 3 without a resource service.name"
            #expect([UInt8](buffer: protobuf.body) == OTLPResponses.exportProtobuf(rejected: 3, message: message))
            let json = try await client.execute(uri: "/v1/traces", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(data: export.json()))
            let partial = try #require(json.json["partialSuccess"] as? [String: Any])
            #expect(partial["rejectedSpans"] as? String == "3" && partial["errorMessage"] as? String == message)
        }
    }

    @Test func badExportsGetTheirStatusAndTheServerGoesOn() async throws {
        try await withTestApp(configure: { $0.otlpMaximumBodySize = 4_096 }) { client, _ in
            let garbage = try await Self.post(client, [0x0A, 0xFF, 0x01, 0x02])
            #expect(garbage.status == .badRequest)
            #expect(garbage.headers[.contentType] == "application/x-protobuf")
            #expect([UInt8](buffer: garbage.body).prefix(2) == [0x08, 0x03])  // google.rpc.Status code 3

            let badJSON = try await client.execute(uri: "/v1/traces", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{"))
            #expect(badJSON.status == .badRequest)
            #expect(badJSON.json["code"] as? Int == 3 && (badJSON.json["error"] as? [String: Any])?["code"] as? String == "malformed_body")

            let wrongType = try await client.execute(uri: "/v1/traces", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "hi"))
            #expect(wrongType.status == .unsupportedMediaType && wrongType.error.code == "unsupported_media_type")
            let brotli = try await Self.post(client, [0x0A, 0x00], headers: [.contentType: "application/x-protobuf", .contentEncoding: "br"])
            #expect(brotli.status == .unsupportedMediaType)

            let large = try await Self.post(client, ShopTraffic.export(rounds: 0..<50).protobuf())
            #expect(large.status == .contentTooLarge)
            var bomb = ByteBuffer(bytes: [UInt8](repeating: 0, count: 1 << 20))
            let compressedBomb = try bomb.compress(with: .gzip())
            #expect(compressedBomb.readableBytes < 4_096)
            let inflated = try await client.execute(uri: "/v1/traces", method: .post,
                                                    headers: [.contentType: "application/x-protobuf", .contentEncoding: "gzip"], body: compressedBomb)
            #expect(inflated.status == .contentTooLarge)
            let notGzip = try await Self.post(client, [1, 2, 3], headers: [.contentType: "application/x-protobuf", .contentEncoding: "gzip"])
            #expect(notGzip.status == .badRequest)

            #expect(try await Self.post(client, ShopTraffic.export(rounds: 0..<1).protobuf()).status == .ok)
        }
    }

    @Test func aFullQueueIsRefusedWithRetryAfter() async throws {
        try await withTestApp(configure: { $0.ingestMaximumQueuedSpans = 5 }) { client, _ in
            let refused = try await Self.post(client, ShopTraffic.export(rounds: 0..<2).protobuf())
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "1")
            #expect(try await client.send(.get, "/metrics").text.contains("sextant_ingest_overloaded_requests_total 1"))
            var small = ShopTraffic.export(rounds: 0..<1)
            small.resources = [small.resources[0]]
            #expect(try await Self.post(client, small.protobuf()).status == .ok)
        }
    }
}
