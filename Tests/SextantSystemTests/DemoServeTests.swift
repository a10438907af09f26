#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import SextantTestSupport

@Suite("sextant serve --demo")
struct DemoServeTests {
    @Test func aNewcomerSeesALiveGraphWithinSeconds() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--demo", "--port", "0", "--data-dir", directory])
        let url = "http://127.0.0.1:\(try await server.port())"
        var observed: Set<String> = []
        for _ in 0..<100 where observed.count < 6 {
            try await Task.sleep(for: .milliseconds(100))
            let graph = try JSONSerialization.jsonObject(with: Data(try await httpGet("\(url)/api/v1/graph").body.utf8)) as? [String: Any]
            observed = Set((graph?["edges"] as? [[String: Any]] ?? []).filter { $0["source"] as? String != "declared" }
                .map { "\($0["from"] as? String ?? "")->\($0["to"] as? String ?? "")" })
        }
        #expect(observed.isSuperset(of: ["user->frontend", "frontend->api-service", "api-service->postgres", "api-service->redis",
                                         "api-service->auth-service", "api-service->worker-service"]))
        let components = try await runSextant(["components", "list", "--server", url])
        #expect(components.output.hasSuffix("4 components\n"))
        let drift = try await runSextant(["graph", "drift", "--server", url])
        #expect(rows(drift.output).contains(["observed, not declared", "api-service", "worker-service"]))
        let edges = try await runSextant(["graph", "show", "--server", url])
        #expect(rows(edges.output).contains { $0.starts(with: ["frontend", "api-service", "both", "internalService", "yes", "no"]) })
        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)
    }
}
