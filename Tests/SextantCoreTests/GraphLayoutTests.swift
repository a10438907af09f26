import SextantCore
import Testing

@Suite("Graph layout")
struct GraphLayoutTests {
    static let shop: [(from: String, to: String)] = [
        ("frontend", "api"), ("api", "auth"), ("api", "postgres"), ("api", "redis"), ("auth", "postgres"), ("api", "worker"), ("worker", "postgres"),
    ]

    @Test func dependantsSitAboveTheirDependenciesByTheLongestChain() {
        let positions = GraphLayout.layered(nodes: ["api", "auth", "frontend", "postgres", "redis", "worker"], edges: Self.shop)
        #expect(positions.mapValues(\.layer) == ["frontend": 0, "api": 1, "auth": 2, "redis": 2, "worker": 2, "postgres": 3])
        // Every edge points down.
        for edge in Self.shop { #expect(positions[edge.from]!.layer < positions[edge.to]!.layer, "\(edge)") }
    }

    @Test func aCycleIsLaidOutWithoutLoopingAndEveryNodeGetsAPlace() {
        let positions = GraphLayout.layered(nodes: ["a", "b", "c", "lonely"], edges: [("a", "b"), ("b", "c"), ("c", "a"), ("a", "a")])
        #expect(positions.count == 4)
        #expect(positions["a"]!.layer == 0 && positions["b"]!.layer == 1 && positions["c"]!.layer == 2 && positions["lonely"]!.layer == 0)
    }

    @Test func wideLayersWrapOntoRowsWithoutSharingAPlace() {
        let leaves = (0..<50).map { "leaf-\($0)" }
        let positions = GraphLayout.layered(nodes: ["root"] + leaves, edges: leaves.map { ("root", $0) }, maximumWidth: 20)
        #expect(Set(leaves.map { positions[$0]!.row }) == [1, 2, 3])
        let places = positions.values.map { "\($0.row):\($0.column)" }
        #expect(Set(places).count == 51)
        #expect(leaves.allSatisfy { positions[$0]!.column < 20 })
    }
}
