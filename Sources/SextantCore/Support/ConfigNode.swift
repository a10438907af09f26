/// Any value of a YAML or JSON document, kept only to check which keys it uses.
public enum ConfigNode: Decodable, Sendable, Equatable {
    case map([String: ConfigNode])
    case list([ConfigNode])
    case scalar
    case null

    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var map: [String: ConfigNode] = [:]
            for key in container.allKeys { map[key.stringValue] = try container.decode(ConfigNode.self, forKey: key) }
            self = .map(map)
        } else if var container = try? decoder.unkeyedContainer() {
            var list: [ConfigNode] = []
            while !container.isAtEnd { list.append(try container.decode(ConfigNode.self)) }
            self = .list(list)
        } else if (try? decoder.singleValueContainer().decodeNil()) == true {
            self = .null
        } else {
            self = .scalar
        }
    }
}

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
