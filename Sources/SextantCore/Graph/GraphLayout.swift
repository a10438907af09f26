/// Places a dependency graph in layers for drawing: dependants above what they depend on.
/// Each node's layer is the longest chain of dependants above it (a service nothing depends on
/// is at the top); edges that close a cycle are ignored for layering. Within a layer, nodes are
/// ordered by where their dependants sit (the barycentre, one sweep from the top), then by name;
/// a layer wider than `maximumWidth` wraps onto extra rows. Pure: the same graph, the same picture.
public enum GraphLayout {
    public struct Position: Sendable, Equatable {
        /// The layer (0 at the top).
        public var layer: Int
        /// The row on screen (a wrapped layer takes several).
        public var row: Int
        /// The column within its row.
        public var column: Int
    }

    public static func layered(nodes: [String], edges: [(from: String, to: String)], maximumWidth: Int = 24) -> [String: Position] {
        let index = Dictionary(nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var dependencies = [[Int]](repeating: [], count: nodes.count)
        var dependants = [[Int]](repeating: [], count: nodes.count)
        for edge in edges {
            guard let from = index[edge.from], let to = index[edge.to], from != to else { continue }
            dependencies[from].append(to)
            dependants[to].append(from)
        }
        // Depth-first from each node in name order, finishing order gives a topological order
        // with back edges (cycles) skipped.
        var state = [UInt8](repeating: 0, count: nodes.count)   // 0 new, 1 on the stack, 2 done
        var order: [Int] = []
        var acyclic = [[Int]](repeating: [], count: nodes.count)
        for start in nodes.indices.sorted(by: { nodes[$0] < nodes[$1] }) where state[start] == 0 {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                if top.next < dependencies[top.node].count {
                    stack[stack.count - 1].next += 1
                    let child = dependencies[top.node][top.next]
                    switch state[child] {
                    case 0:
                        acyclic[top.node].append(child)
                        state[child] = 1
                        stack.append((child, 0))
                    case 2: acyclic[top.node].append(child)
                    default: break   // a back edge: it closes a cycle
                    }
                } else {
                    state[top.node] = 2
                    order.append(top.node)
                    stack.removeLast()
                }
            }
        }
        // Reverse finishing order puts dependants before their dependencies.
        var layer = [Int](repeating: 0, count: nodes.count)
        for node in order.reversed() {
            for child in acyclic[node] { layer[child] = max(layer[child], layer[node] + 1) }
        }
        let layers = (layer.max() ?? -1) + 1
        var members = [[Int]](repeating: [], count: layers)
        for node in nodes.indices { members[layer[node]].append(node) }
        var place = [Double](repeating: 0, count: nodes.count)
        var positions: [String: Position] = [:]
        var row = 0
        for current in 0..<layers {
            let sorted = members[current].sorted { a, b in
                let centreA = barycentre(dependants[a], place), centreB = barycentre(dependants[b], place)
                return centreA != centreB ? centreA < centreB : nodes[a] < nodes[b]
            }
            for (offset, node) in sorted.enumerated() {
                place[node] = Double(offset) / Double(max(1, sorted.count - 1))
                positions[nodes[node]] = Position(layer: current, row: row + offset / maximumWidth, column: offset % maximumWidth)
            }
            row += max(1, (sorted.count + maximumWidth - 1) / maximumWidth)
        }
        return positions
    }

    private static func barycentre(_ neighbours: [Int], _ place: [Double]) -> Double {
        neighbours.isEmpty ? .infinity : neighbours.reduce(0) { $0 + place[$1] } / Double(neighbours.count)
    }
}
