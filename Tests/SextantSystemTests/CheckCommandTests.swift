#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import SextantTestSupport

/// `sextant check` and `sextant silence` against a live server on the demo topology.
@Suite("sextant check")
struct CheckCommandTests {
    @Test func checkPrintsEveryProbeAndFailsUntilAllAreUpAndSilencesRoundTrip() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--demo", "--port", "0", "--data-dir", directory, "--probe-timeout", "2s"])
        let port = try await server.port()
        let url = "http://127.0.0.1:\(port)"
        // The demo's components point at ports where nothing listens.
        let failing = try await runSextant(["check", "--server", url])
        #expect(failing.status == 1)
        #expect(failing.output.hasPrefix("COMPONENT"))
        #expect(failing.output.contains("api-service") && failing.output.contains("DOWN") && failing.output.contains("connection refused"))
        // Point every component with an endpoint at Sextant's own /health: all up.
        let catalog = try String(contentsOf: repositoryRoot.appendingPathComponent("examples/catalog.yaml"), encoding: .utf8)
            .replacingOccurrences(of: #"http://127\.0\.0\.1:[0-9]+/health"#, with: "\(url)/health", options: .regularExpression)
        let file = directory + "/catalog.yaml"
        try catalog.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try await runSextant(["catalog", "apply", "-f", file, "--server", url]).status == 0)
        let passing = try await runSextant(["check", "--server", url])
        #expect(passing.status == 0, "\(passing.output)")
        #expect(!passing.output.contains("DOWN") && passing.output.contains("UP"))

        let added = try await runSextant(["silence", "add", "alertname=ServiceDown", "service=~api-.*", "--comment", "deploy", "--server", url])
        #expect(added.status == 0)
        let id = added.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let listed = try await runSextant(["silence", "list", "--server", url])
        #expect(listed.output.contains(id) && listed.output.contains("active") && listed.output.contains("service=~api-.*"))
        #expect(try await runSextant(["silence", "expire", id, "--server", url]).status == 0)
        #expect(try await runSextant(["silence", "list", "--server", url]).output.contains("expired"))
        let bad = try await runSextant(["silence", "add", "a=~.*", "--comment", "x", "--server", url])
        #expect(bad.status == 1 && bad.error.contains("must not match the empty string"))
        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)
    }
}
