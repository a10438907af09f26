import Foundation
import SextantCore

/// Decodes a document with its type's own `Codable` conformance and then refuses, by name, any
/// field the type did not read: the value is encoded again and every key of the input missing
/// from that encoding is unknown. Works for JSON and YAML alike, since both arrive as a `Decoder`.
public struct StrictDocument<Document: Codable & Sendable>: Decodable, Sendable {
    public let value: Document

    public init(from decoder: any Decoder) throws {
        let document = try Document(from: decoder)
        let input = try LooseValue(from: decoder)
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(document), options: [.fragmentsAllowed])
        if let unknown = Self.firstUnknown(in: input, comparedTo: encoded, path: "") {
            throw ValidationError(code: "unknown_field", message: "unknown field \(Quoted.prefix(unknown.key))", field: unknown.path)
        }
        value = document
    }

    private static func firstUnknown(in input: LooseValue, comparedTo encoded: Any, path: String) -> (key: String, path: String)? {
        switch input {
        case .object(let members):
            let known = encoded as? [String: Any] ?? [:]
            for key in members.keys.sorted() {
                guard let member = members[key], member != .null else { continue }
                let memberPath = FieldPath.join(path, key)
                guard let encodedMember = known[key] else { return (key, memberPath) }
                if let unknown = firstUnknown(in: member, comparedTo: encodedMember, path: memberPath) { return unknown }
            }
        case .array(let elements):
            let known = encoded as? [Any] ?? []
            for (index, element) in elements.enumerated() where index < known.count {
                if let unknown = firstUnknown(in: element, comparedTo: known[index], path: "\(path)[\(index)]") { return unknown }
            }
        case .scalar, .null:
            break
        }
        return nil
    }
}

/// The shape of a decoded document: objects, arrays and leaves, without the leaves' values.
indirect enum LooseValue: Decodable, Equatable {
    case object([String: LooseValue])
    case array([LooseValue])
    case scalar
    case null

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var members: [String: LooseValue] = [:]
            for key in container.allKeys { members[key.stringValue] = try container.decode(LooseValue.self, forKey: key) }
            self = .object(members)
        } else if var container = try? decoder.unkeyedContainer() {
            var elements: [LooseValue] = []
            while !container.isAtEnd { elements.append(try container.decode(LooseValue.self)) }
            self = .array(elements)
        } else {
            self = (try decoder.singleValueContainer().decodeNil()) ? .null : .scalar
        }
    }
}
