#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging

/// Writes each log event as one JSON object on its own line:
/// `{"ts":"…","level":"info","logger":"sextant","msg":"request","http.status":"200",…}`.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: JSONLogSink

    /// Creates a handler writing to `sink` (standard output by default).
    public init(label: String, sink: JSONLogSink = .standardOutput) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata { fields[key] = Self.flatten(value) }
        for (key, value) in metadataProvider?.get() ?? [:] { fields[key] = Self.flatten(value) }
        for (key, value) in event.metadata ?? [:] { fields[key] = Self.flatten(value) }
        if let error = event.error { fields["error"] = String(describing: error) }
        sink.write(Self.line(
            timestamp: Date(), level: event.level, label: label, message: event.message.description, fields: fields
        ))
    }

    /// Renders one line; the fixed keys come first, then metadata sorted by key.
    static func line(timestamp: Date, level: Logger.Level, label: String, message: String, fields: [String: String]) -> String {
        var text = "{\"ts\":\(quote(timestampFormat.format(timestamp))),\"level\":\(quote(level.rawValue)),"
            + "\"logger\":\(quote(label)),\"msg\":\(quote(message))"
        for key in fields.keys.sorted() where !["ts", "level", "logger", "msg"].contains(key) {
            text += ",\(quote(key)):\(quote(fields[key]!))"
        }
        return text + "}\n"
    }

    private static func flatten(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): return string
        case .stringConvertible(let convertible): return convertible.description
        case .array(let values): return "[" + values.map(flatten).joined(separator: ", ") + "]"
        case .dictionary(let values):
            return "{" + values.sorted { $0.key < $1.key }.map { "\($0.key): \(flatten($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                result += String(format: "\\u%04x", control.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private static let timestampFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
