extension DependencyGraph {
    /// The transitive impact of the named nodes failing.
    ///
    /// A node is **down** when a hard dependency (critical, no fallback) is failed or down,
    /// directly or through a chain; **degraded** when a soft dependency (non-critical or covered
    /// by a fallback) is failed or down and it is not down itself. Each affected node comes with
    /// its shortest explaining chain. Cycles are harmless: every node is marked at most once.
    ///
    /// - Parameters:
    ///   - failed: Names of failed nodes; names that are not in the graph are ignored.
    ///   - propagation: Whether degradation travels beyond the first hop.
    ///   - maximumDistance: Stop after this many hops (`1` is the old one-hop impact radius).
    public func impact(
        ofFailing failed: some Sequence<String>,
        propagation: DegradationPropagation = .firstHop,
        maximumDistance: Int = .max
    ) -> ImpactReport {
        var search = ImpactSearch(graph: self, maximumDistance: maximumDistance)
        var broken: [Int32] = []
        for name in failed {
            guard let index = indexByName[name], search.marks[index] == .unaffected else { continue }
            search.marks[index] = .failed
            broken.append(Int32(index))
        }
        let failedCount = broken.count

        // Down travels along hard edges, breadth first, so each chain is a shortest one.
        search.spreadAlongHardEdges(&broken, marking: .down)
        // Degraded: a soft edge into anything broken, nearest broken node first.
        var degraded = search.degradeSoftDependants(of: broken)
        if propagation == .alongHardEdges {
            search.spreadAlongHardEdges(&degraded, marking: .degraded)
        }

        return ImpactReport(
            failed: broken[..<failedCount].map { nodes[Int($0)].name }.sorted(),
            down: search.entries(Array(broken[failedCount...]), status: .down),
            degraded: search.entries(degraded, status: .degraded)
        )
    }
}

/// The working state of one impact query: a mark, a parent and a distance per node.
private struct ImpactSearch {
    enum Mark: UInt8 {
        case unaffected, failed, down, degraded
    }

    let graph: DependencyGraph
    let maximumDistance: Int
    var marks: [Mark]
    var parent: [Int32]
    var distance: [Int32]

    init(graph: DependencyGraph, maximumDistance: Int) {
        self.graph = graph
        self.maximumDistance = maximumDistance
        self.marks = [Mark](repeating: .unaffected, count: graph.nodes.count)
        self.parent = [Int32](repeating: -1, count: graph.nodes.count)
        self.distance = [Int32](repeating: 0, count: graph.nodes.count)
    }

    /// Marks `dependant` as reached from `reached` and reports whether it was unaffected before.
    private mutating func reach(_ dependant: Int, from reached: Int, marking mark: Mark) -> Bool {
        guard marks[dependant] == .unaffected else { return false }
        marks[dependant] = mark
        parent[dependant] = Int32(reached)
        distance[dependant] = distance[reached] + 1
        return true
    }

    /// Marks, breadth first, every unaffected dependant reached over hard edges from `order`,
    /// appending each to `order`.
    mutating func spreadAlongHardEdges(_ order: inout [Int32], marking mark: Mark) {
        var head = 0
        while head < order.count {
            let reached = Int(order[head])
            head += 1
            guard distance[reached] < maximumDistance else { continue }
            for position in graph.incoming.range(of: reached) {
                let edge = Int(graph.incoming.edgeIndices[position])
                guard graph.edgeIsHard[edge] else { continue }
                let dependant = Int(graph.edgeSource[edge])
                if reach(dependant, from: reached, marking: mark) { order.append(Int32(dependant)) }
            }
        }
    }

    /// Marks degraded every unaffected node with a soft edge into `broken`, in `broken`'s order.
    mutating func degradeSoftDependants(of broken: [Int32]) -> [Int32] {
        var degraded: [Int32] = []
        for reached in broken where distance[Int(reached)] < maximumDistance {
            for position in graph.incoming.range(of: Int(reached)) {
                let edge = Int(graph.incoming.edgeIndices[position])
                guard !graph.edgeIsHard[edge] else { continue }
                let dependant = Int(graph.edgeSource[edge])
                if reach(dependant, from: Int(reached), marking: .degraded) { degraded.append(Int32(dependant)) }
            }
        }
        return degraded
    }

    /// Report entries for `indices`, nearest first, then by name (node indices follow names).
    func entries(_ indices: [Int32], status: ImpactReport.Status) -> [ImpactReport.Affected] {
        var keys = indices.map { Int64(distance[Int($0)]) << 32 | Int64($0) }
        keys.sort()
        return keys.map { key in
            let index = Int(key & 0xFFFF_FFFF)
            return ImpactReport.Affected(name: graph.nodes[index].name, status: status, chain: chain(from: index))
        }
    }

    /// The names from `index` back to the failed node that explains it.
    func chain(from index: Int) -> [String] {
        var path: [String] = []
        path.reserveCapacity(Int(distance[index]) + 1)
        var current = index
        path.append(graph.nodes[current].name)
        while parent[current] >= 0 {
            current = Int(parent[current])
            path.append(graph.nodes[current].name)
        }
        return path
    }
}
