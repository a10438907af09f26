#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SextantTestSupport
import Testing

/// The OpenTelemetry Python SDK, exporting OTLP/HTTP protobuf with gzip, as a real client.
///
/// `scripts/test` installs the SDK in a virtual environment and sets `SEXTANT_TEST_PYTHON`
/// and `SEXTANT_REQUIRE_INTEROP=1`; without them the test is not run.
@Suite("OpenTelemetry Python SDK interop")
struct PythonSDKInteropTests {
    static let python = ProcessInfo.processInfo.environment["SEXTANT_TEST_PYTHON"]
    static let isRequired = ProcessInfo.processInfo.environment["SEXTANT_REQUIRE_INTEROP"] == "1"
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("interop")

    static func edges(_ url: String) async throws -> [String: [String: Any]] {
        let graph = try JSONSerialization.jsonObject(with: Data(try await httpGet("\(url)/api/v1/graph").body.utf8)) as? [String: Any]
        var result: [String: [String: Any]] = [:]
        for edge in graph?["edges"] as? [[String: Any]] ?? [] {
            result["\(edge["from"] as? String ?? "")->\(edge["to"] as? String ?? "")"] = edge
        }
        return result
    }

    static func red(_ url: String, client: String, server: String) async throws -> [String: Any] {
        let answer = try await httpGet("\(url)/api/v1/edges/red?client=\(client)&server=\(server)&window=10m")
        let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        return object?["red"] as? [String: Any] ?? [:]
    }

    /// Runs `send_traces.py`, with `headers` as the SDK reads them from `OTEL_EXPORTER_OTLP_HEADERS`.
    static func send(python: String, to url: String, rounds: Int, headers: String?) throws -> (status: Int32, output: String) {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OTEL_") }
        if let headers { environment["OTEL_EXPORTER_OTLP_HEADERS"] = headers }
        let sender = try ChildProcess(python, [scripts.appendingPathComponent("send_traces.py").path, "\(url)/v1/traces", String(rounds)],
                                      environment: environment, directory: scripts.path)
        let status = sender.waitForExit()
        return (status, sender.output + sender.errorOutput)
    }

    @Test(.enabled(if: python != nil || isRequired))
    func theSDKsTracesBuildTheExpectedGraph() async throws {
        let python = try #require(Self.python, "SEXTANT_REQUIRE_INTEROP=1 but SEXTANT_TEST_PYTHON is not set")
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--servicegraph-wait", "3s"])
        let url = "http://127.0.0.1:\(try await server.port())"

        // Without a key every export is refused, and nothing is counted.
        let refused = try Self.send(python: python, to: url, rounds: 2, headers: nil)
        #expect(refused.status == 1 && refused.output.contains("exports refused"), "send_traces.py: \(refused.output)")
        #expect(try await Self.edges(url).isEmpty)

        let sent = try Self.send(python: python, to: url, rounds: 10, headers: "authorization=Bearer \(TestAdminKey.text)")
        #expect(sent.status == 0, "send_traces.py: \(sent.output)")

        // The payments call has no server side: it becomes a virtual node once its wait ends.
        var edges: [String: [String: Any]] = [:]
        for _ in 0..<200 {
            edges = try await Self.edges(url)
            if edges["api-service->payments.example.com"] != nil { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let expected: [String: String] = [
            "user->frontend": "virtual_node",
            "frontend->api-service": "direct",
            "api-service->postgres": "database",
            "api-service->auth-service": "direct",
            "api-service->worker-service": "messaging_system",
            "api-service->payments.example.com": "virtual_node",
        ]
        #expect(Set(edges.keys) == Set(expected.keys))
        for (key, type) in expected {
            #expect(edges[key]?["connectionTypes"] as? [String] == [type], "\(key)")
        }
        for (client, server) in [("frontend", "api-service"), ("api-service", "postgres"), ("api-service", "auth-service"),
                                 ("api-service", "worker-service"), ("api-service", "payments.example.com"), ("user", "frontend")] {
            #expect(try await Self.red(url, client: client, server: server)["requests"] as? Int == 10, "\(client)->\(server)")
        }
        // Rounds 4 and 9 fail in auth-service.
        #expect(try await Self.red(url, client: "api-service", server: "auth-service")["errors"] as? Int == 2)
        let auth = try JSONSerialization.jsonObject(with: Data(try await httpGet("\(url)/api/v1/services/auth-service/red?window=10m").body.utf8)) as? [String: Any]
        #expect((auth?["red"] as? [String: Any])?["requests"] as? Int == 10)
        #expect((auth?["red"] as? [String: Any])?["errors"] as? Int == 2)

        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)
    }
}
