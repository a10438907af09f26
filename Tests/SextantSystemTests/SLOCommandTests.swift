#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import SextantTestSupport

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `sextant slo …` against a live server on the demo topology, and the rules it writes checked
/// by the real promtool.
@Suite("sextant slo")
struct SLOCommandTests {
    static let promtool = ProcessInfo.processInfo.environment["SEXTANT_TEST_PROMTOOL"]
    static let isRequired = ProcessInfo.processInfo.environment["SEXTANT_REQUIRE_PROMETHEUS"] == "1"

    @Test func objectivesAreAppliedFromBothFormatsAndReportOnTheDemo() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--demo", "--port", "0", "--data-dir", directory])
        let url = "http://127.0.0.1:\(try await server.port())"
        let applied = try await runSextant(["slo", "apply", "-f", repositoryRoot.path + "/examples/slos.yaml", "--server", url])
        #expect(applied.status == 0)
        #expect(applied.output == "created: api-service-availability\ncreated: frontend-latency\ncreated: api-service-auth-calls\n")
        let again = try await runSextant(["slo", "apply", "-f", repositoryRoot.path + "/examples/slos.yaml", "--server", url])
        #expect(again.output.split(separator: "\n").allSatisfy { $0.hasPrefix("unchanged: ") })
        let imported = try await runSextant(["slo", "apply", "-f", repositoryRoot.path + "/examples/openslo.yaml", "--server", url])
        #expect(imported.output == "created: checkout-checkout-availability\ncreated: worker-service-worker-latency\n")
        let list = try await runSextant(["slo", "list", "--server", url])
        #expect(list.output.contains("frontend-latency\t99%\tmonth(Europe/Berlin)"))

        // The demo's traffic reaches the objective within a few seconds.
        var status = ""
        for _ in 0..<100 {
            status = try await runSextant(["slo", "status", "api-service-availability", "--server", url]).output
            if !status.contains("no events") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(status.hasPrefix("api-service-availability: "))
        #expect(status.contains("% of the error budget left"))
        #expect(status.contains("burn rates: 5m "))

        let missing = try await runSextant(["slo", "status", "nope", "--server", url])
        #expect(missing.status == 1 && missing.error.contains("there is no objective 'nope' [404 not_found]"))
        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)
    }

    @Test(.enabled(if: promtool != nil || isRequired))
    func rulesPassPromtoolAndThePageAlertFiresWhenTheWorkbookSays() async throws {
        let promtool = try #require(Self.promtool, "SEXTANT_REQUIRE_PROMETHEUS=1 but SEXTANT_TEST_PROMTOOL is not set")
        let directory = try temporaryDirectory()
        let rules = try await runSextant(["slo", "rules", "-f", repositoryRoot.path + "/Tests/promtool/slos.yaml"])
        #expect(rules.status == 0, "\(rules.error)")
        try rules.output.write(toFile: directory + "/rules.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: repositoryRoot.path + "/Tests/promtool/page-alert-test.yaml",
                                         toPath: directory + "/page-alert-test.yaml")
        let check = try runTool(promtool, ["check", "rules", "rules.yaml"], in: directory)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("SUCCESS: 17 rules found"))
        let test = try runTool(promtool, ["test", "rules", "page-alert-test.yaml"], in: directory)
        #expect(test.status == 0, "\(test.output)")
        #expect(test.output.contains("SUCCESS"))
    }

    @Test func rulesRefuseWhatPrometheusCannotExpress() async throws {
        let directory = try temporaryDirectory()
        let file = directory + "/calendar.yaml"
        try """
            slos:
              - {service: api, name: monthly, objective: 99, window: {calendar: month}, indicator: {prometheus: {bad: "sum(rate(e[{{.window}}]))", total: "sum(rate(t[{{.window}}]))"}}}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await runSextant(["slo", "rules", "-f", file])
        #expect(result.status == 1)
        #expect(result.error.contains("api-monthly: calendar windows cannot be written as Prometheus rules"))
    }
}

/// Runs a tool to completion, returning its status and its standard output and error together.
func runTool(_ path: String, _ arguments: [String], in directory: String) throws -> (status: Int32, output: String) {
    let child = try ChildProcess(path, arguments, environment: ProcessInfo.processInfo.environment, directory: directory)
    let status = child.waitForExit()
    return (status, child.output + child.errorOutput)
}
