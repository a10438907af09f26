import Foundation
import SextantCore

/// The topology of `examples/catalog.yaml`, built in Swift.
enum DemoTopology {
    static let components: [Component] = [
        Component(name: "frontend", owner: "team-web", tier: 1, dependencies: [
            Dependency(name: "api-service", type: .internalService, isCritical: true, hasFallback: false),
        ]),
        Component(name: "api-service", owner: "team-core", tier: 1, dependencies: [
            Dependency(name: "postgres", type: .database, isCritical: true, hasFallback: false),
            Dependency(name: "redis", type: .cache, isCritical: true, hasFallback: true),
            Dependency(name: "auth-service", type: .internalService, isCritical: true, hasFallback: false),
        ]),
        Component(name: "auth-service", owner: "team-identity", tier: 1, dependencies: [
            Dependency(name: "postgres", type: .database, isCritical: true, hasFallback: false),
            Dependency(name: "redis", type: .cache, isCritical: true, hasFallback: true),
        ]),
        Component(name: "worker-service", owner: "team-core", tier: 2, dependencies: [
            Dependency(name: "rabbitmq", type: .messageQueue, isCritical: true, hasFallback: false),
            Dependency(name: "postgres", type: .database, isCritical: true, hasFallback: false),
            Dependency(name: "external-api", type: .externalAPI, isCritical: false, hasFallback: true),
        ]),
    ]

    static var graph: DependencyGraph { DependencyGraph(components: components) }
}

/// Builds a graph from compact edge specs: `"a>b"` hard, `"a~b"` with fallback, `"a.b"` non-critical.
func graph(_ specs: String...) -> DependencyGraph {
    let edges = specs.map { spec -> DependencyGraph.Edge in
        for (separator, critical, fallback) in [(">", true, false), ("~", true, true), (".", false, false)] {
            let parts = spec.components(separatedBy: separator)
            if parts.count == 2 {
                return .init(from: parts[0], to: parts[1], type: .internalService, isCritical: critical, hasFallback: fallback)
            }
        }
        fatalError("bad edge spec \(spec)")
    }
    return DependencyGraph(registered: [:], edges: edges)
}
