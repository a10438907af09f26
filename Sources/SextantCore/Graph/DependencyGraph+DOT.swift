import Foundation

extension DependencyGraph {
    /// The graph in Graphviz DOT: registered components as boxes, unregistered nodes dashed;
    /// hard edges solid and bold, fallback-covered edges dashed, non-critical edges dotted.
    public func dot(name graphName: String = "sextant") -> String {
        var lines = ["digraph \(Self.quoted(graphName)) {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
        for node in nodes {
            let shape = Self.shape(for: node, dependants: dependants(of: node.name))
            var attributes = ["shape=\(shape)"]
            if !node.isRegistered { attributes.append("style=dashed") }
            if let tier = node.component?.tier { attributes.append("tooltip=\(Self.quoted("tier \(tier)"))") }
            lines.append("  \(Self.quoted(node.name)) [\(attributes.joined(separator: ", "))];")
        }
        for edge in edges {
            let style = edge.isHard ? "solid" : (edge.isCritical ? "dashed" : "dotted")
            var attributes = ["label=\(Self.quoted(edge.type.rawValue))", "style=\(style)"]
            if edge.isHard { attributes.append("penwidth=2") }
            lines.append("  \(Self.quoted(edge.from)) -> \(Self.quoted(edge.to)) [\(attributes.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A cylinder for anything used as a database, a box otherwise.
    private static func shape(for node: Node, dependants: [Edge]) -> String {
        if node.component == nil, dependants.contains(where: { $0.type == .database }) { return "cylinder" }
        return "box"
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
