/// A workflow's steps and what each waits for, checked before anything runs: unique names,
/// known dependencies, and no cycle (named when there is one).
public struct WorkflowPlan: Sendable, Equatable {
    public static let maximumSteps = 100

    public struct Step: Sendable, Equatable {
        public var name: String
        /// The service a deployment step releases; `nil` for other steps.
        public var service: String?
        public var dependsOn: [String]

        public init(name: String, service: String? = nil, dependsOn: [String] = []) {
            self.name = name
            self.service = service
            self.dependsOn = dependsOn
        }
    }

    public private(set) var steps: [Step]

    /// The plan, checked; with `dependencies` each deployment step also waits for the deployment
    /// steps of the services its service needs (any edge of `graph`), dependencies first.
    public init(steps: [Step], orderedBy graph: DependencyGraph? = nil) throws {
        guard (1...Self.maximumSteps).contains(steps.count) else {
            throw ValidationError(message: "a workflow has 1 to \(Self.maximumSteps) steps", field: "steps")
        }
        var names = Set<String>()
        for (index, step) in steps.enumerated() {
            guard !step.name.isEmpty, step.name.count <= 100, names.insert(step.name).inserted else {
                throw ValidationError(message: "step names are 1 to 100 characters and unique", field: "steps[\(index)].name")
            }
        }
        for (index, step) in steps.enumerated() {
            for (position, name) in step.dependsOn.enumerated() where !names.contains(name) {
                throw ValidationError(message: "no step is named \(Quoted.prefix(name))", field: "steps[\(index)].dependsOn[\(position)]")
            }
        }
        var ordered = steps
        if let graph {
            let stepOfService = Dictionary(steps.compactMap { step in step.service.map { ($0, step.name) } }, uniquingKeysWith: { first, _ in first })
            for index in ordered.indices {
                guard let service = ordered[index].service else { continue }
                for edge in graph.dependencies(of: service) {
                    if let needed = stepOfService[edge.to], needed != ordered[index].name, !ordered[index].dependsOn.contains(needed) {
                        ordered[index].dependsOn.append(needed)
                    }
                }
            }
        }
        if let cycle = Self.cycle(in: ordered) {
            throw ValidationError(code: "cycle", message: "the steps depend on each other in a cycle: \(cycle.joined(separator: " → "))", field: "steps")
        }
        self.steps = ordered
    }

    /// A cycle among the steps' dependencies, as the names around it (the first repeated last).
    static func cycle(in steps: [Step]) -> [String]? {
        let byName = Dictionary(steps.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var state: [String: Int] = [:]   // 1: on the path, 2: done
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if state[name] == 2 { return nil }
            if state[name] == 1, let start = path.firstIndex(of: name) { return Array(path[start...]) + [name] }
            state[name] = 1
            path.append(name)
            for next in byName[name]?.dependsOn ?? [] {
                if let found = visit(next) { return found }
            }
            path.removeLast()
            state[name] = 2
            return nil
        }
        for step in steps {
            if let found = visit(step.name) { return found }
        }
        return nil
    }
}
