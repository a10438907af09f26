import SextantCore

/// Catalogs for the graph benchmarks and workloads.
public enum SyntheticCatalog {
    /// A layered service mesh: layer 0 are edge services, the last layer is infrastructure.
    /// Each edge points to a deeper layer (a few point back up, making cycles); 60% are hard,
    /// 25% have a fallback, 15% are non-critical.
    public static func layered(services: Int, edges: Int, using random: inout SplitMix64) -> [Component] {
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
