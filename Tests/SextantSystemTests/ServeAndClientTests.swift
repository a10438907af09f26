#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import SextantTestSupport

/// The real binary: `sextant serve` and the client commands against it.
@Suite("sextant binary")
struct ServeAndClientTests {
    @Test func servesAndTheCLIDrivesIt() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--port", "0"], workingDirectory: directory)
        let port = try await server.port()
        let url = "http://127.0.0.1:\(port)"

        let health = try await httpGet("\(url)/health")
        #expect(health.status == 200 && health.body.contains(#""status":"healthy""#))
        #expect(FileManager.default.fileExists(atPath: directory + "/.sextant/sextant.db"))

        let applied = try await runSextant(["catalog", "apply", "-f", exampleCatalogPath, "--server", url])
        #expect(applied.status == 0)
        #expect(applied.output.hasPrefix("applied: 4 created, 0 updated, 0 unchanged, 0 deleted"))
        let reapplied = try await runSextant(["catalog", "apply", "-f", exampleCatalogPath, "--server", url])
        #expect(reapplied.output.hasPrefix("no changes: 4 components already up to date"))

        let impact = try await runSextant(["graph", "impact", "postgres", "--server", url])
        #expect(impact.status == 0)
        let lines = impact.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "failing postgres: 4 down, 0 degraded")
        #expect(lines.contains { $0.hasPrefix("down") && $0.contains("frontend") && $0.hasSuffix("frontend ← api-service ← postgres") })
        #expect(lines.contains { $0.hasPrefix("down") && $0.hasSuffix("auth-service ← postgres") })

        let redis = try await runSextant(["graph", "impact", "redis", "--output", "json", "--server", url])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(redis.output.utf8)) as? [String: Any])
        #expect((report["degraded"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["api-service", "auth-service"])
        #expect((report["down"] as? [Any])?.isEmpty == true)

        let list = try await runSextant(["components", "list", "--server", url])
        #expect(list.output.contains("worker-service  team-core"))
        #expect(list.output.hasSuffix("4 components\n"))
        let get = try await runSextant(["components", "get", "api-service", "--server", url])
        #expect(get.output.contains("redis") && get.output.contains("DEPENDENCY"))
        let dot = try await runSextant(["graph", "show", "--format", "dot", "--server", url])
        #expect(dot.output.hasPrefix("digraph \"sextant\" {"))
        let edges = try await runSextant(["graph", "show", "--server", url])
        #expect(edges.output.hasSuffix("8 nodes (4 unregistered), 9 edges\n"))

        let missing = try await runSextant(["components", "delete", "ghost", "--server", url])
        #expect(missing.status == 1)
        #expect(missing.error == "sextant: error: component 'ghost' does not exist [404 not_found]\n")
        let deleted = try await runSextant(["components", "delete", "worker-service", "--server", url])
        #expect(deleted.status == 0 && deleted.output == "deleted component worker-service\n")

        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)
        #expect(server.output.contains(#""msg":"stopped""#))
    }

    @Test func aClientWithoutAServerSaysSo() async throws {
        let result = try await runSextant(["components", "list", "--server", "http://127.0.0.1:1"])
        #expect(result.status == 1)
        #expect(result.error == "sextant: error: cannot reach Sextant at http://127.0.0.1:1: connection refused\n")
    }

    @Test(arguments: TestBackend.available)
    func dataSurvivesAKilledProcess(_ backend: TestBackend) async throws {
        try await withTestDatabase(backend) { database in
            let arguments = ["serve", "--port", "0", "--database-url", try #require(database.url)]
            let first = try SextantProcess(arguments)
            let url = "http://127.0.0.1:\(try await first.port())"
            #expect(try await runSextant(["catalog", "apply", "-f", exampleCatalogPath, "--server", url]).status == 0)
            first.signal(SIGKILL)
            _ = try await first.exitStatus()

            let second = try SextantProcess(arguments)
            let secondURL = "http://127.0.0.1:\(try await second.port())"
            let list = try await runSextant(["components", "list", "--output", "json", "--server", secondURL])
            #expect(list.output.contains("frontend") && list.output.contains("worker-service"))
            second.signal(SIGINT)
            #expect(try await second.exitStatus() == 0)
        }
    }

    @Test func environmentVariablesConfigureTheServerAndAMetricsPortServesOnlyMetrics() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve"], environment: [
            "SEXTANT_PORT": "0", "SEXTANT_METRICS_PORT": "0", "SEXTANT_DATA_DIR": directory + "/data",
        ])
        let api = try await server.port()
        let metrics = try await server.port(of: "metrics")
        #expect(api != metrics)
        #expect(FileManager.default.fileExists(atPath: directory + "/data/sextant.db"))
        _ = try await httpGet("http://127.0.0.1:\(api)/health")
        let scraped = try await httpGet("http://127.0.0.1:\(metrics)/metrics")
        #expect(scraped.status == 200)
        #expect(scraped.body.contains(#"http_requests_total{method="GET",route="/health",status="200"} 1"#))
        #expect(try await httpGet("http://127.0.0.1:\(metrics)/health").status == 404)
        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)
    }

    @Test func aPortInUseIsAOneLineError() async throws {
        let directory = try temporaryDirectory()
        let first = try SextantProcess(["serve", "--port", "0", "--data-dir", directory + "/a"])
        let port = try await first.port()
        let second = try await runSextant(["serve", "--port", String(port), "--data-dir", directory + "/b"])
        #expect(second.status == 1)
        #expect(second.error == "sextant: error: cannot listen on 127.0.0.1:\(port): address already in use\n")
        first.signal(SIGTERM)
        _ = try await first.exitStatus()
    }

    struct Unusable: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let status: Int32
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let unusable: [Unusable] = [
        Unusable(arguments: ["--database-url", "mysql://u@h/d"], status: 1, message: "invalid database URL 'mysql://u@h/d'"),
        Unusable(arguments: ["--data-dir", "/dev/null/sextant"], status: 1, message: "cannot create data directory '/dev/null/sextant'"),
        Unusable(arguments: ["--port", "99999"], status: 2, message: "--port must be a port number from 0 to 65535, not '99999'"),
        Unusable(arguments: ["--config", "/nonexistent/sextant.yaml"], status: 2, message: "cannot read config file '/nonexistent/sextant.yaml'"),
        Unusable(arguments: ["--database-url", "postgres://sextant:sextant@127.0.0.1:1/sextant"], status: 1,
                 message: "cannot connect to PostgreSQL at 127.0.0.1:1 as sextant"),
    ]

    @Test("an unusable configuration is a one-line error", arguments: unusable)
    func unusableConfiguration(_ case: Unusable) async throws {
        let directory = try temporaryDirectory()
        let result = try await runSextant(["serve", "--port", "0", "--data-dir", directory] + `case`.arguments)
        #expect(result.status == `case`.status)
        #expect(result.error.hasPrefix("sextant: error: \(`case`.message)"))
        #expect(result.error.filter { $0 == "\n" }.count == 1)
    }
}

/// The cells of a table the CLI printed: columns are separated by two or more spaces.
func rows(_ table: String) -> [[String]] {
    table.split(separator: "\n").map { line in
        line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

@Suite("Log format")
struct LogFormatTests {
    /// `--log-format text` (what a terminal gets by default) writes lines for people; the UI's
    /// address is among the first of them.
    @Test func textLogLinesNameTheUIsAddressForPeople() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--log-format", "text"])
        try await awaitReadiness(of: "the UI's address", within: .seconds(30)) { server.output.contains("the web UI is ready url=http://127.0.0.1:") }
        let line = try #require(server.output.split(separator: "\n").first { $0.contains("the web UI is ready") })
        #expect(!line.hasPrefix("{") && line.contains(" notice ") && line.hasSuffix("/ui/"), "\(line)")
        #expect(server.output.split(separator: "\n").allSatisfy { !$0.hasPrefix("{\"ts\"") })
        server.signal(SIGTERM)
    }
}
