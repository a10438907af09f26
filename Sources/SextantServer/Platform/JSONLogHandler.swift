#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging

/// Writes each log event as one JSON object on its own line:
/// `{"ts":"…","level":"info","logger":"sextant","msg":"request","http.status":"200",…}`;
/// or, for a person at a terminal, as text: `17:58:02 info  listening listener=api port=8080`.
public struct JSONLogHandler: LogHandler {
    /// How lines are written.
    public enum Format: String, Sendable, CaseIterable {
        /// Text when standard output is a terminal, JSON otherwise.
        case auto, json, text

        /// The format to write now: `auto` decided by whether standard output is a terminal.
        public var resolved: Format {
            guard self == .auto else { return self }
            return isatty(STDOUT_FILENO) == 1 ? .text : .json
        }
    }

    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: JSONLogSink
    private let format: Format

    /// Creates a handler writing to `sink` (standard output by default) in `format` (JSON by default).
    public init(label: String, sink: JSONLogSink = .standardOutput, format: Format = .json) {
        self.label = label
        self.sink = sink
        self.format = format.resolved
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
        if format == .text {
            sink.write(Self.textLine(timestamp: Date(), level: event.level, message: event.message.description, fields: fields))
        } else {
            sink.write(Self.line(timestamp: Date(), level: event.level, label: label, message: event.message.description, fields: fields))
        }
    }

    /// Renders one line for a person: the time of day, the level, the message, then `key=value`
    /// pairs sorted by key (values with spaces quoted).
    static func textLine(timestamp: Date, level: Logger.Level, message: String, fields: [String: String]) -> String {
        let time = String(timestampFormat.format(timestamp).dropFirst(11).prefix(8))
        let pairs = fields.keys.sorted().map { key -> String in
            let value = fields[key]!
            return "\(key)=\(value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) || value.isEmpty ? quote(value) : value)"
        }
        return ([time, level.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0), message] + pairs).joined(separator: " ") + "\n"
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
