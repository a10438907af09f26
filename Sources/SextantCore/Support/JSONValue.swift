import Foundation

/// A parsed JSON document, read by a small parser built for request bodies on hot paths
/// (Alertmanager's `POST /api/v2/alerts`), where Foundation's decoders cost more than the
/// work they feed.
public indirect enum JSONValue: Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// Parses `bytes`; `nil` when they are not one JSON document.
    public static func parse(_ bytes: some Collection<UInt8>) -> JSONValue? {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(bytes: buffer)
            guard let value = scanner.value() else { return nil }
            return scanner.isAtEnd ? value : nil
        }
    }

    public var string: String? { if case .string(let text) = self { text } else { nil } }
    public var object: [String: JSONValue]? { if case .object(let members) = self { members } else { nil } }
    public var array: [JSONValue]? { if case .array(let items) = self { items } else { nil } }

    /// An object whose members are all strings.
    public var stringMap: [String: String]? {
        guard case .object(let members) = self else { return nil }
        var result: [String: String] = [:]
        result.reserveCapacity(members.count)
        for (key, value) in members {
            guard case .string(let text) = value else { return nil }
            result[key] = text
        }
        return result
    }
}
