#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import SextantTestSupport
import SextantWire

/// `sextant loadgen` against a live Sextant: its OTLP intake through a normal phase and a spike,
/// a URL that answers 404, and a target nobody listens on.
@Suite("sextant loadgen")
struct LoadgenTests {
    static func phases(_ output: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        return object?["phases"] as? [[String: Any]] ?? []
    }

    @Test func drivesTheOTLPIntakeThroughANormalPhaseAndASpike() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory])
        let url = "http://127.0.0.1:\(try await server.port())"
        let run = try await runSextant([
            "loadgen", "--otlp", "--server", url, "--rate", "40", "--duration", "2s", "--spike-rate", "120", "--spike-duration", "1s",
            "--concurrency", "8", "--spans-per-request", "10", "--output", "json",
        ])
        #expect(run.status == 0, "\(run)")
        let phases = try Self.phases(run.output)
        #expect(phases.map { $0["phase"] as? String } == ["normal", "spike"])
        #expect(phases.map { $0["succeeded"] as? Int } == [80, 120], "\(run.output)")
        #expect(phases.allSatisfy { $0["errors"] as? Int == 0 && $0["failed"] as? Int == 0 && ($0["p99"] as? Double ?? 0) > 0 })
        #expect(run.error.contains("normal ") && run.error.contains("spike "), "no progress lines: \(run.error)")
        // Every export was committed: 200 requests (and the one sent before the run to see that the
        // target answers) of two traces, each with one api-service server span.
        let red = try await httpGet("\(url)/api/v1/services/api-service/red?window=1h")
        let requests = ((try JSONSerialization.jsonObject(with: Data(red.body.utf8)) as? [String: Any])?["red"] as? [String: Any])?["requests"] as? Int
        #expect(requests == 402, "\(red.body)")

        let missing = try await runSextant(["loadgen", "--target", "\(url)/no-such-page", "--rate", "20", "--duration", "1s", "--spike-rate", "0",
                                            "--output", "json"])
        #expect(missing.status == 0, "\(missing)")
        let statuses = try Self.phases(missing.output).first?["statuses"] as? [String: Int]
        #expect(statuses == ["404": 20], "\(missing.output)")
        server.signal(SIGTERM)
        _ = try await server.exitStatus()
    }

    @Test func anUnreachableTargetIsAClearError() async throws {
        let run = try await runSextant(["loadgen", "--target", "http://127.0.0.1:\(LoopbackPort.unused())/", "--duration", "1s"])
        #expect(run.status == 1)
        #expect(run.error.contains("cannot reach http://127.0.0.1:") && run.error.contains("connection refused"), "\(run)")
        let wrong = try await runSextant(["loadgen", "--target", "http://127.0.0.1:1/", "--concurrency", "0"])
        #expect(wrong.status == 1 && wrong.error.contains("--concurrency must be between 1 and 10000"), "\(wrong)")
    }
}
