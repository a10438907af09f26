/// Builds the dotted and indexed field paths used in error answers.
public enum FieldPath {
    /// Renders a decoder's coding path as `components[2].dependencies[0].type`.
    public static func render(_ path: [any CodingKey]) -> String? {
        var result = ""
        for key in path {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result.isEmpty ? nil : result
    }

    /// Joins a prefix and an optional child path.
    public static func join(_ prefix: String, _ child: String?) -> String {
        guard let child, !child.isEmpty else { return prefix }
        if prefix.isEmpty { return child }
        if child.hasPrefix("[") { return prefix + child }
        return prefix + "." + child
    }
}
