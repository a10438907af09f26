/// A set of nodes that depend on each other in a circle, with one circle through them.
public struct DependencyCycle: Sendable, Equatable {
    /// Every node of the strongly connected set, sorted.
    public let members: [String]
    /// One cycle through the set, starting and ending at the first member:
    /// `["a", "b", "c", "a"]`.
    public let path: [String]

    /// Creates a cycle.
    public init(members: [String], path: [String]) {
        self.members = members
        self.path = path
    }
}

extension DependencyGraph {
    /// The dependency cycles: each strongly connected set of more than one node (or a node that
    /// depends on itself), with one concrete cycle through it; sorted by first member.
    ///
    /// Tarjan's algorithm, written iteratively so that deep graphs cannot overflow the stack.
    public func cycles() -> [DependencyCycle] {
        let count = nodes.count
        var order = [Int32](repeating: -1, count: count)
        var lowLink = [Int32](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int32] = []
        var nextOrder: Int32 = 0
        var components: [[Int]] = []

        for root in 0..<count where order[root] < 0 {
            // Each frame: a node and how many of its outgoing edges have been explored.
            var frames: [(node: Int, nextEdge: Int)] = [(root, 0)]
            order[root] = nextOrder
            lowLink[root] = nextOrder
            nextOrder += 1
            stack.append(Int32(root))
            onStack[root] = true

            while let frame = frames.last {
                let node = frame.node
                let edges = outgoing.range(of: node)
                if frame.nextEdge < edges.count {
                    frames[frames.count - 1].nextEdge += 1
                    let next = Int(edgeTarget[Int(outgoing.edgeIndices[edges.lowerBound + frame.nextEdge])])
                    if order[next] < 0 {
                        order[next] = nextOrder
                        lowLink[next] = nextOrder
                        nextOrder += 1
                        stack.append(Int32(next))
                        onStack[next] = true
                        frames.append((next, 0))
                    } else if onStack[next] {
                        lowLink[node] = min(lowLink[node], order[next])
                    }
                    continue
                }
                frames.removeLast()
                if let caller = frames.last {
                    lowLink[caller.node] = min(lowLink[caller.node], lowLink[node])
                }
                if lowLink[node] == order[node] {
                    var component: [Int] = []
                    while let member = stack.popLast() {
                        onStack[Int(member)] = false
                        component.append(Int(member))
                        if Int(member) == node { break }
                    }
                    let isSelfLoop = component.count == 1
                        && outgoing.edges(of: node).contains { Int(edgeTarget[Int($0)]) == node }
                    if component.count > 1 || isSelfLoop {
                        components.append(component.sorted())
                    }
                }
            }
        }

        return components
            .map { DependencyCycle(members: $0.map { nodes[$0].name }, path: cyclePath(through: $0)) }
            .sorted { $0.members[0] < $1.members[0] }
    }

    /// A shortest cycle from the first of `members` back to itself, staying inside `members`.
    private func cyclePath(through members: [Int]) -> [String] {
        let start = members[0]
        let inside = Set(members)
        var parent: [Int: Int] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for edge in outgoing.edges(of: node) {
                let next = Int(edgeTarget[Int(edge)])
                guard inside.contains(next) else { continue }
                if next == start {
                    var path = [start]
                    var current = node
                    while current != start {
                        path.append(current)
                        current = parent[current]!
                    }
                    path.append(start)
                    // `path` runs backwards from the closing edge; put it in walking order.
                    return (path.dropFirst().reversed() + [start]).map { nodes[$0].name }
                }
                if parent[next] == nil {
                    parent[next] = node
                    queue.append(next)
                }
            }
        }
        return members.map { nodes[$0].name }
    }
}
