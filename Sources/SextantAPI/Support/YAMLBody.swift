import SextantCore
import Yams

/// Reads YAML from requests: strict UTF-8, errors with their line and column, and documents
/// that cannot expand (through aliases) or nest beyond fixed bounds — an alias "bomb" of a
/// few hundred bytes would otherwise decode into billions of values.
public enum YAMLBody {
    /// The most nodes a document may hold once its aliases are expanded.
    static let maximumNodes = 100_000
    /// The deepest nesting of mappings and sequences accepted.
    static let maximumDepth = 64

    /// The documents of `text`, checked.
    public static func documents(_ text: String) throws -> [Node] {
        var nodes: [Node] = []
        do {
            // Parser's own loop: `compose_all`'s sequence drops a syntax error silently.
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() { nodes.append(node) }
        } catch let error as YamlError {
            throw ValidationError(code: "malformed_body", message: "the request body is not valid YAML: \(describe(error))")
        }
        var budget = maximumNodes
        for node in nodes { try check(node, depth: 0, budget: &budget) }
        return nodes
    }

    /// The single document of `text`, checked; `nil` for an empty document.
    public static func document(_ text: String) throws -> Node? {
        let nodes = try documents(text)
        guard nodes.count <= 1 else {
            throw ValidationError(code: "malformed_body", message: "the request body holds \(nodes.count) YAML documents; send one")
        }
        return nodes.first
    }

    private static func check(_ node: Node, depth: Int, budget: inout Int) throws {
        budget -= 1
        guard budget >= 0 else {
            throw ValidationError(code: "malformed_body", message: "the YAML document expands to more than \(maximumNodes) values")
        }
        guard depth <= maximumDepth else {
            throw ValidationError(code: "malformed_body", message: "the YAML document nests more than \(maximumDepth) levels deep")
        }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                try check(key, depth: depth + 1, budget: &budget)
                try check(value, depth: depth + 1, budget: &budget)
            }
        case .sequence(let sequence):
            for item in sequence { try check(item, depth: depth + 1, budget: &budget) }
        case .scalar, .alias:
            return
        }
    }

    /// A YAML error as one line with its position: `line 3, column 7: mapping values are not allowed in this context`.
    public static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { Quoted.prefix($0) }.joined(separator: ", ")
            return "line \(context.mark.line), column \(context.mark.column): duplicate key \(names)"
        case .reader(let problem, _, _, _):
            return problem
        default:
            return String(describing: error).split(separator: "\n").first.map(String.init) ?? "syntax error"
        }
    }
}
