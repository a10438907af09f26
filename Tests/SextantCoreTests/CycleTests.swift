import Testing
import SextantCore

@Suite("Dependency cycles")
struct CycleTests {
    @Test func theDemoTopologyHasNone() {
        #expect(DemoTopology.graph.cycles().isEmpty)
    }

    @Test func findsEachStronglyConnectedSetWithACycleThroughIt() {
        let g = graph("a>b", "b>c", "c>a", "d>a", "x>y", "y.x", "p>q")
        let cycles = g.cycles()
        #expect(cycles.map(\.members) == [["a", "b", "c"], ["x", "y"]])
        #expect(cycles[0].path == ["a", "b", "c", "a"])
        #expect(cycles[1].path == ["x", "y", "x"])
    }

    @Test func theCycleGivenIsAShortestOne() {
        let g = graph("a>b", "b>c", "c>d", "d>a", "b>a")
        #expect(g.cycles().first?.path == ["a", "b", "a"])
    }

    @Test func aSelfLoopIsACycle() {
        let g = graph("a>a", "a>b")
        #expect(g.cycles() == [DependencyCycle(members: ["a"], path: ["a", "a"])])
    }

    @Test func aLongChainDoesNotOverflowTheStack() {
        var specs: [DependencyGraph.Edge] = (0..<50_000).map {
            .init(from: "n\($0)", to: "n\($0 + 1)", type: .internalService, isCritical: true, hasFallback: false)
        }
        specs.append(.init(from: "n50000", to: "n0", type: .internalService, isCritical: true, hasFallback: false))
        let cycles = DependencyGraph(registered: [:], edges: specs).cycles()
        #expect(cycles.count == 1)
        #expect(cycles.first?.members.count == 50_001)
        #expect(cycles.first?.path.count == 50_002)
    }
}
