/// The best availability a service can reach given what it needs: the product of the
/// availabilities of everything it depends on critically and without fallback, transitively.
public struct SLOFeasibility: Sendable, Equatable {
    /// Where a dependency's availability comes from.
    public enum Source: String, Sendable, Codable {
        /// The highest objective of its availability SLOs (what it promises).
        case objective
        /// Its measured availability over the window (it has no objective).
        case measured
        /// Neither: it is left out of the bound.
        case unknown
    }

    /// One dependency counted in the bound.
    public struct Factor: Sendable, Equatable {
        public var name: String
        /// Availability in percent; `nil` when unknown.
        public var availability: Double?
        public var source: Source
        /// The hard path from the service to it: `[service, …, name]`.
        public var path: [String]
        /// Whether it alone already caps the service below the objective.
        public var isLimiting: Bool
    }

    public var service: String
    public var objective: Double
    /// The best reachable availability in percent: 100 × Π availability.
    public var bound: Double
    public var isFeasible: Bool { objective <= bound }
    /// The dependencies, lowest availability first.
    public var factors: [Factor]
    /// A sentence when the objective is above the bound.
    public var warning: String?

    /// Computes the bound of `service` with `objective` over `graph`, asking `availability`
    /// for each hard dependency (percent and source, or `nil` when nothing is known).
    public static func compute(
        service: String, objective: Double, graph: DependencyGraph,
        availability: (String) -> (percent: Double, source: Source)?
    ) -> SLOFeasibility {
        var bound = 1.0
        var factors: [Factor] = []
        for (name, path) in graph.hardDependencies(of: service) {
            let known = availability(name)
            if let known { bound *= known.percent / 100 }
            factors.append(Factor(
                name: name, availability: known?.percent, source: known?.source ?? .unknown, path: path,
                isLimiting: (known?.percent ?? 100) < objective
            ))
        }
        factors.sort { ($0.availability ?? 101, $0.name) < ($1.availability ?? 101, $1.name) }
        let percent = bound * 100
        var warning: String?
        if objective > percent {
            let limiting = factors.prefix(3).compactMap { factor in factor.availability.map { "\(factor.name) (\(format($0))%)" } }
            warning = "the objective \(format(objective))% is above the \(format(percent))% that \(service)'s hard dependencies allow; "
                + "bounded by \(limiting.joined(separator: ", "))"
        }
        return SLOFeasibility(service: service, objective: objective, bound: percent, factors: factors, warning: warning)
    }

    private static func format(_ percent: Double) -> String {
        SlothRules.number((percent * 10_000).rounded() / 10_000)
    }
}

extension DependencyGraph {
    /// Everything `service` needs critically and without fallback, transitively, in
    /// breadth-first order, each with the shortest hard path to it (`[service, …, name]`).
    public func hardDependencies(of service: String) -> [(name: String, path: [String])] {
        var paths: [String: [String]] = [service: [service]]
        var result: [(name: String, path: [String])] = []
        var queue = [service]
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            for edge in dependencies(of: current) where edge.isHard && paths[edge.to] == nil {
                let path = paths[current]! + [edge.to]
                paths[edge.to] = path
                queue.append(edge.to)
                result.append((edge.to, path))
            }
        }
        return result
    }
}
