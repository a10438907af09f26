/// Which keys each part of a configuration may have; anything else is refused by name.
public struct KeySchema: Sendable {
    /// For each kind of object, its keys and the kind of object each one holds (`nil` for a
    /// value whose keys are not checked).
    public var objects: [String: [String: String?]]

    public init(objects: [String: [String: String?]]) {
        self.objects = objects
    }

    /// Throws a ``ValidationError`` naming the first key `node` uses that `kind` does not have.
    public func check(_ node: ConfigNode, as kind: String, at path: String = "") throws {
        switch node {
        case .list(let items):
            for (index, item) in items.enumerated() { try check(item, as: kind, at: "\(path)[\(index)]") }
        case .map(let map):
            guard let keys = objects[kind] else { return }
            for key in map.keys.sorted() {
                guard let child = keys[key] else {
                    throw ValidationError(
                        code: "unsupported_key",
                        message: "unsupported key \(Quoted.prefix(key)) in \(kind); supported: \(keys.keys.sorted().joined(separator: ", "))",
                        field: FieldPath.join(path, key)
                    )
                }
                if let child { try check(map[key]!, as: child, at: FieldPath.join(path, key)) }
            }
        case .scalar, .null:
            return
        }
    }
}
