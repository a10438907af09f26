import SextantWorkloads
import ArgumentParser
import SextantCore

/// Times impact queries on a synthetic dependency graph.
struct GraphBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Build a synthetic graph and time impact, can-operate and cycle queries."
    )

    @Option(help: "Services in the graph.") var services = 10_000
    @Option(help: "Dependency edges in the graph.") var edges = 50_000
    @Option(help: "Impact queries to time.") var queries = 2_000
    @Option(help: "Seed of the synthetic graph.") var seed: UInt64 = 42

    func run() throws {
        var random = SplitMix64(seed: seed)
        let clock = ContinuousClock()

        let buildStart = clock.now
        let components = SyntheticCatalog.layered(services: services, edges: edges, using: &random)
        let graph = DependencyGraph(components: components)
        let buildTime = clock.now - buildStart
        print("graph: \(graph.nodes.count) nodes, \(graph.edges.count) edges, "
            + "\(graph.edges.filter(\.isHard).count) hard; built in \(format(buildTime.milliseconds)) ms")

        let names = graph.nodes.map(\.name)
        var single: [Double] = []
        var triple: [Double] = []
        var affected = 0
        var largest = 0
        for query in 0..<queries {
            let failed = query.isMultiple(of: 4)
                ? (0..<3).map { _ in names.randomElement(using: &random)! }
                : [names.randomElement(using: &random)!]
            let start = clock.now
            let report = graph.impact(ofFailing: failed)
            let elapsed = (clock.now - start).milliseconds
            if failed.count == 1 { single.append(elapsed) } else { triple.append(elapsed) }
            let count = report.down.count + report.degraded.count
            affected += count
            largest = max(largest, count)
        }
        print("impact, 1 failed node:  \(Percentiles(milliseconds: single).summary)")
        print("impact, 3 failed nodes: \(Percentiles(milliseconds: triple).summary)")
        print("affected per query: mean \(affected / queries), largest \(largest)")

        // The worst case: the most depended-on node of the bottom layer.
        let hub = graph.nodes.max { graph.dependants(of: $0.name).count < graph.dependants(of: $1.name).count }!.name
        var hubTimes: [Double] = []
        var hubAffected = 0
        for _ in 0..<50 {
            let start = clock.now
            let report = graph.impact(ofFailing: [hub])
            hubTimes.append((clock.now - start).milliseconds)
            hubAffected = report.down.count + report.degraded.count
        }
        print("impact of the busiest node (\(hub), \(hubAffected) affected): \(Percentiles(milliseconds: hubTimes).summary)")

        var operateTimes: [Double] = []
        for _ in 0..<200 {
            let start = clock.now
            _ = graph.operability(of: names.randomElement(using: &random)!, whenFailing: [names.randomElement(using: &random)!])
            operateTimes.append((clock.now - start).milliseconds)
        }
        print("can-operate: \(Percentiles(milliseconds: operateTimes).summary)")

        let cycleStart = clock.now
        let cycles = graph.cycles()
        print("cycles: \(cycles.count) found in \(format((clock.now - cycleStart).milliseconds)) ms")
    }
}
