import SextantCore

extension DependencyGraph {
    /// `names` if every one is a node of the graph; otherwise a 404 naming the unknown ones, so
    /// that a typo is not mistaken for "no impact".
    func requireNodes(_ names: [String], field: String) throws -> [String] {
        let unknown = names.filter { !contains($0) }
        guard unknown.isEmpty else {
            throw APIError.notFound("not in the dependency graph: \(unknown.joined(separator: ", "))", field: field)
        }
        return names
    }
}
