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
        let components = Self.syntheticCatalog(services: services, edges: edges, using: &random)
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

    /// A layered service mesh: layer 0 are edge services, the last layer is infrastructure.
    /// Each edge points to a deeper layer (a few point back up, making cycles); 60% are hard,
    /// 25% have a fallback, 15% are non-critical.
    static func syntheticCatalog(services: Int, edges: Int, using random: inout SplitMix64) -> [Component] {
        let layers = 12
        let perLayer = max(1, services / layers)
        let types = DependencyType.allCases
        var dependencies = [[Dependency]](repeating: [], count: services)
        var pairs = Set<Int>()
        var made = 0
        while made < edges {
            let from = Int.random(in: 0..<services, using: &random)
            let layer = min(from / perLayer, layers - 1)
            let goesBackUp = Int.random(in: 0..<1_000, using: &random) == 0
            let targetLayer = goesBackUp || layer == layers - 1
                ? Int.random(in: 0...layer, using: &random)
                : Int.random(in: (layer + 1)..<layers, using: &random)
            let to = min(services - 1, targetLayer * perLayer + Int.random(in: 0..<perLayer, using: &random))
            guard to != from, pairs.insert(from * services + to).inserted else { continue }
            let roll = Int.random(in: 0..<100, using: &random)
            dependencies[from].append(Dependency(
                name: "svc-\(to)",
                type: types.randomElement(using: &random)!,
                isCritical: roll < 85,
                hasFallback: roll >= 60 && roll < 85
            ))
            made += 1
        }
        return (0..<services).map {
            Component(name: "svc-\($0)", owner: "team-\($0 % 40)", tier: 1 + $0 % 4, dependencies: dependencies[$0])
        }
    }
}
