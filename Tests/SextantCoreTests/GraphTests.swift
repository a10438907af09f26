import Testing
import SextantCore

@Suite("Dependency graph")
struct GraphTests {
    @Test func unregisteredDependenciesBecomeNodes() {
        let g = DemoTopology.graph
        #expect(g.nodes.map(\.name) == [
            "api-service", "auth-service", "external-api", "frontend", "postgres", "rabbitmq", "redis", "worker-service",
        ])
        #expect(g.nodes.filter(\.isRegistered).map(\.name) == ["api-service", "auth-service", "frontend", "worker-service"])
        #expect(g.edges.count == 9)
    }

    @Test func dependantsAreTheOneHopRadius() {
        #expect(DemoTopology.graph.dependants(of: "postgres").map(\.from) == ["api-service", "auth-service", "worker-service"])
        #expect(DemoTopology.graph.dependencies(of: "frontend").map(\.to) == ["api-service"])
    }

    @Test func duplicateEdgesKeepTheFirst() {
        let g = DependencyGraph(registered: [:], edges: [
            .init(from: "a", to: "b", type: .cache, isCritical: false, hasFallback: false),
            .init(from: "a", to: "b", type: .database, isCritical: true, hasFallback: false),
        ])
        #expect(g.edges.count == 1)
        #expect(g.edges.first?.type == .cache)
    }

    @Test func dotDrawsNodesAndEdgeKinds() {
        let dot = DemoTopology.graph.dot()
        #expect(dot.hasPrefix("digraph \"sextant\" {"))
        #expect(dot.contains("\"postgres\" [shape=cylinder, style=dashed];"))
        #expect(dot.contains("\"frontend\" [shape=box, tooltip=\"tier 1\"];"))
        #expect(dot.contains("\"api-service\" -> \"postgres\" [label=\"database\", style=solid, penwidth=2];"))
        #expect(dot.contains("\"api-service\" -> \"redis\" [label=\"cache\", style=dashed];"))
        #expect(dot.contains("\"worker-service\" -> \"external-api\" [label=\"externalAPI\", style=dotted];"))
        #expect(dot.hasSuffix("}\n"))
    }
}
