import SextantWorkloads
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import SextantCore

/// The web UI's pages rendered by a real `sextant serve --demo` (release), each timed over many
/// requests; then the graph's layout for a catalog of 500 services, in-process and as a page.
struct UIBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Time the web UI's pages against `sextant serve --demo`, and the graph's layout for 500 services."
    )

    @Option(help: "Requests per page.") var requests = 100
    @Option(help: "Services in the large catalog.") var services = 500
    @Option(help: "The sextant binary (default: beside this one).") var binary: String?

    func run() async throws {
        // The layout alone, for `services` services and three times as many dependencies.
        var random = SplitMix64(seed: 5)
        let catalog = SyntheticCatalog.layered(services: services, edges: services * 3, using: &random)
        let nodes = catalog.map(\.name)
        let edges = catalog.flatMap { component in component.dependencies.map { (from: component.name, to: $0.name) } }
        let clock = ContinuousClock()
        var layouts: [Double] = []
        for _ in 0..<20 {
            let started = clock.now
            _ = GraphLayout.layered(nodes: nodes, edges: edges)
            layouts.append((clock.now - started).seconds * 1000)
        }
        print("graph layout, \(services) services and \(edges.count) dependencies: \(Percentiles(milliseconds: layouts).summary)")

        let server = try ServerUnderTest(binary: binary, databaseURL: nil, arguments: ["--demo", "--trace-sampling-wait", "1s"])
        defer { server.stop() }
        try await server.waitUntilHealthy()
        let base = "http://127.0.0.1:\(server.port)"
        // Let the demo send a few seconds of traffic, so that pages have something to show.
        try await Task.sleep(for: .seconds(8))
        var pages = ["/ui/", "/ui/services/api-service", "/ui/graph", "/ui/graph?failed=postgres", "/ui/alerts", "/ui/deployments",
                     "/ui/traces?service=api-service&errors=true", "/ui/logs?query=%7Bservice%3D~%22.%2B%22%7D"]
        let search = try await HTTPClient.shared.execute(keyedRequest("\(base)/api/v1/services/api-service/traces?status=error&limit=1"), timeout: .seconds(10))
        let found = String(buffer: try await search.body.collect(upTo: 1 << 20))
        if let range = found.range(of: "\"traceID\":\"") { pages.append("/ui/traces/" + found[range.upperBound...].prefix(32)) }
        for page in pages { print("\(page): \(Percentiles(milliseconds: try await time(base + page)).summary)") }

        // The same catalog as the demo's graph page, 500 services.
        let yaml = "components:\n" + catalog.map { component in
            "- name: \(component.name)\n  owner: \(component.owner)\n  tier: \(component.tier)\n  dependencies:\n"
                + (component.dependencies.isEmpty ? "  - []\n" : component.dependencies.map {
                    "  - {name: \($0.name), type: \($0.type.rawValue), critical: \($0.isCritical), fallbackAvailable: \($0.hasFallback)}\n"
                }.joined())
        }.joined().replacingOccurrences(of: "  dependencies:\n  - []\n", with: "  dependencies: []\n")
        var put = keyedRequest("\(base)/api/v1/catalog")
        put.method = .PUT
        put.headers.add(name: "Content-Type", value: "application/yaml")
        put.body = .bytes(ByteBuffer(string: yaml))
        let answer = try await HTTPClient.shared.execute(put, timeout: .seconds(60))
        guard answer.status.code < 300 else { throw ValidationError("the catalog was refused: \(String(buffer: try await answer.body.collect(upTo: 1 << 20)))") }
        for page in ["/ui/graph", "/ui/graph?failed=svc-450"] {
            print("\(page) with \(services + 8) services: \(Percentiles(milliseconds: try await time(base + page, count: max(10, requests / 5))).summary)")
        }
        print("server: peak RSS \(server.peakResidentBytes() / 1_048_576) MiB")
    }

    /// Milliseconds of `count` GETs of `url`, one at a time (the first is a warm-up).
    func time(_ url: String, count: Int? = nil) async throws -> [Double] {
        let clock = ContinuousClock()
        var latencies: [Double] = []
        for index in 0...(count ?? requests) {
            let started = clock.now
            let response = try await HTTPClient.shared.execute(keyedRequest(url), timeout: .seconds(60))
            _ = try await response.body.collect(upTo: 64 << 20)
            guard response.status == .ok else { throw ValidationError("\(url) answered \(response.status.code)") }
            if index > 0 { latencies.append((clock.now - started).seconds * 1000) }
        }
        return latencies
    }
}
