import Foundation

/// A JSON value of any shape, as ``JSONScanner`` reads one it has no type for (members a
/// reader skips).
public indirect enum JSONValue: Sendable, Hashable {
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
}
