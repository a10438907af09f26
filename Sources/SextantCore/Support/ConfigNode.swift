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
