#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import SextantTestSupport
import SextantWire

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

    /// `sextant check` also reports the store, the room left in the data directory and each
    /// configured peer (an unreachable Prometheus fails it), and gives up after its deadline when
    /// the server accepts connections but never answers.
    @Test func checkReportsStoreDiskAndPeersAndHonoursItsDeadline() async throws {
        let directory = try temporaryDirectory()
        let closed = LoopbackPort.unused()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--prometheus-url", "http://127.0.0.1:\(closed)"])
        let url = "http://127.0.0.1:\(try await server.port())"
        let check = try await runSextant(["check", "--server", url])
        #expect(check.status == 1, "\(check)")
        #expect(check.output.contains("store: sqlite, "), "\(check.output)")
        #expect(check.output.contains("data directory \(directory): "), "\(check.output)")
        #expect(check.output.contains("prometheus") && check.output.contains("UNREACHABLE"), "\(check.output)")
        let json = try await runSextant(["check", "--server", url, "--output", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let operations = try #require(object["operations"] as? [String: Any])
        #expect(((operations["store"] as? [String: Any])?["bytes"] as? Int ?? 0) > 0)
        server.signal(SIGTERM)
        _ = try await server.exitStatus()

        // A listener that never answers: the check gives up after its deadline.
        let silent = try SilentListener()
        let started = ContinuousClock.now
        let hung = try await runSextant(["check", "--server", "http://127.0.0.1:\(silent.port)", "--deadline", "3"])
        let elapsed = ContinuousClock.now - started
        #expect(hung.status == 1)
        #expect(hung.error.contains("no complete answer within 3 s"), "\(hung)")
        print("check against a silent server ended after \(elapsed)")
        silent.close()
    }

    /// `sextant export metrics --once` writes the CSV header and RED, SLO and alert rows for the
    /// demo topology; an unknown series is refused before anything is written.
    @Test func exportMetricsWritesCSVRows() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--demo", "--port", "0", "--data-dir", directory, "--schedule", "evaluate-slos=@every 1s"])
        let url = "http://127.0.0.1:\(try await server.port())"
        let applied = try await runSextant(["slo", "apply", "-f", repositoryRoot.path + "/examples/slos.yaml", "--server", url])
        #expect(applied.status == 0, "\(applied)")
        var rows: [Substring] = []
        try await awaitReadiness(of: "RED rows for the demo's traffic", within: .seconds(60)) {
            guard let export = try? await runSextant(["export", "metrics", "--once", "--server", url]), export.status == 0 else { return false }
            rows = export.output.split(separator: "\n")
            return rows.contains { $0.contains(",red_requests,") && $0.contains("service=\"\"api-service\"\"") }
                && rows.contains { $0.contains(",slo_sli,") }
        }
        #expect(rows.first == "timestamp,metric_name,labels,value")
        #expect(rows.contains { $0.contains(",slo_error_budget_remaining_percent,") && $0.contains("api-service-availability") })
        #expect(rows.contains { $0.contains(",alerts,") && $0.contains("state=\"\"active\"\"") })
        for row in rows.dropFirst() {
            #expect(row.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,[a-z_]+,"#, options: .regularExpression) != nil, "\(row)")
        }

        let file = directory + "/metrics.csv"
        for _ in 0..<2 { _ = try await runSextant(["export", "metrics", "--once", "--series", "alerts", "--file", file, "--server", url]) }
        let written = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(written.filter { $0 == "timestamp,metric_name,labels,value" }.count == 1)
        #expect(written.count > 2)

        let unknown = try await runSextant(["export", "metrics", "--once", "--series", "red,latency", "--server", url])
        #expect(unknown.status == 1 && unknown.output.isEmpty)
        #expect(unknown.error.contains("there is no series 'latency'; choose from slo, red, alerts"), "\(unknown)")
        server.signal(SIGTERM)
        _ = try await server.exitStatus()
    }
}

/// A TCP listener on loopback that accepts connections (the kernel does, from its backlog) and
/// never answers.
final class SilentListener: @unchecked Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw ProcessFailure("cannot listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
