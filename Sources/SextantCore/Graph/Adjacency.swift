/// Edge lists of every node packed into two flat arrays (compressed sparse rows), so walking a
/// node's edges touches contiguous memory and allocates nothing.
struct Adjacency: Sendable {
    /// `start[node] ..< start[node + 1]` are the positions of the node's edges in `edgeIndices`.
    let start: [Int32]
    /// Edge indices, grouped by node.
    let edgeIndices: [Int32]

    /// Groups edges by `edgeKeys[edge]`, the node each edge belongs to.
    init(nodeCount: Int, edgeKeys: [Int32]) {
        var start = [Int32](repeating: 0, count: nodeCount + 1)
        for key in edgeKeys { start[Int(key) + 1] += 1 }
        for node in 0..<nodeCount { start[node + 1] += start[node] }
        var fill = start
        var edgeIndices = [Int32](repeating: 0, count: edgeKeys.count)
        for (edge, key) in edgeKeys.enumerated() {
            edgeIndices[Int(fill[Int(key)])] = Int32(edge)
            fill[Int(key)] += 1
        }
        self.start = start
        self.edgeIndices = edgeIndices
    }

    /// The positions in `edgeIndices` of `node`'s edges.
    @inline(__always)
    func range(of node: Int) -> Range<Int> {
        Int(start[node])..<Int(start[node + 1])
    }

    /// The edge indices of `node`.
    func edges(of node: Int) -> ArraySlice<Int32> {
        edgeIndices[range(of: node)]
    }
}
