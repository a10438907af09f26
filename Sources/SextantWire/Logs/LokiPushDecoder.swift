import Foundation
import SextantCore

/// Loki's push API bodies (`POST /loki/api/v1/push`): JSON (`{"streams": [{"stream": {…},
/// "values": [["<ns>", "line", {metadata}]]}]}`) and `logproto.PushRequest` protobuf (sent
/// snappy-compressed by Promtail and its kin). Stream labels become the record's resource;
/// structured metadata its attributes.
public enum LokiPushDecoder {
    public static func decode(json data: Data) throws -> [ReceivedLog] {
        let problem = data.withUnsafeBytes { bytes in Result { () throws(StrictJSON.Problem) in try StrictJSON.check(bytes) } }
        if case .failure(let problem) = problem { throw OTLPDecodingError("the body is not valid JSON: \(problem)") }
        guard let request = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], let streams = request["streams"] as? [Any] else {
            throw OTLPDecodingError("the body must be an object with a streams array")
        }
        var logs: [ReceivedLog] = []
        for (index, element) in streams.enumerated() {
            guard let stream = element as? [String: Any], let labels = stream["stream"] as? [String: Any] else {
                throw OTLPDecodingError("streams[\(index)] must have a stream object of labels")
            }
            var resource: [OTLPAttribute] = []
            for (name, value) in labels.sorted(by: { $0.key < $1.key }) {
                guard let text = value as? String else { throw OTLPDecodingError("streams[\(index)].stream.\(name) must be a string") }
                resource.append(OTLPAttribute(name, .string(text)))
            }
            for (entryIndex, value) in (stream["values"] as? [Any] ?? []).enumerated() {
                let path = "streams[\(index)].values[\(entryIndex)]"
                guard let entry = value as? [Any], entry.count >= 2, let time = entry[0] as? String, let line = entry[1] as? String else {
                    throw OTLPDecodingError("\(path) must be [\"<unix nanoseconds>\", \"<line>\"]")
                }
                guard let nanos = Int64(time), nanos >= 0 else { throw OTLPDecodingError("\(path)[0] must be nanoseconds since 1970 as a string, not \(Quoted.prefix(time))") }
                var attributes: [OTLPAttribute] = []
                if entry.count > 2, let metadata = entry[2] as? [String: Any] {
                    for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { attributes.append(OTLPAttribute(key, .string("\(value)"))) }
                }
                logs.append(ReceivedLog(resource: resource, timeNanos: nanos, line: line, attributes: attributes))
            }
        }
        return logs
    }

    public static func decode(protobuf bytes: UnsafeRawBufferPointer) throws -> [ReceivedLog] {
        var logs: [ReceivedLog] = []
        var request = ProtobufReader(bytes)
        while let field = try request.nextField() {
            guard field.number == 1, field.wireType == .lengthDelimited else { try request.skip(field.wireType); continue }
            var stream = try request.readMessage()
            var resource: [OTLPAttribute] = []
            var entries: [ProtobufReader] = []
            while let part = try stream.nextField() {
                switch (part.number, part.wireType) {
                case (1, .lengthDelimited): resource = try labels(try stream.readString())
                case (2, .lengthDelimited): entries.append(try stream.readMessage())
                default: try stream.skip(part.wireType)
                }
            }
            for var entry in entries {
                var log = ReceivedLog(resource: resource, timeNanos: 0, line: "")
                var seconds: Int64 = 0, nanos: Int64 = 0
                while let part = try entry.nextField() {
                    switch (part.number, part.wireType) {
                    case (1, .lengthDelimited):
                        var timestamp = try entry.readMessage()
                        while let piece = try timestamp.nextField() {
                            switch (piece.number, piece.wireType) {
                            case (1, .varint): seconds = Int64(bitPattern: try timestamp.readVarint())
                            case (2, .varint): nanos = Int64(Int32(truncatingIfNeeded: try timestamp.readVarint()))
                            default: try timestamp.skip(piece.wireType)
                            }
                        }
                    case (2, .lengthDelimited): log.line = try entry.readString()
                    case (3, .lengthDelimited):
                        var pair = try entry.readMessage()
                        var name = "", value = ""
                        while let piece = try pair.nextField() {
                            switch (piece.number, piece.wireType) {
                            case (1, .lengthDelimited): name = try pair.readString()
                            case (2, .lengthDelimited): value = try pair.readString()
                            default: try pair.skip(piece.wireType)
                            }
                        }
                        log.attributes.append(OTLPAttribute(name, .string(value)))
                    default: try entry.skip(part.wireType)
                    }
                }
                guard seconds >= 0, seconds < 9_223_372_036, nanos >= 0, nanos < 1_000_000_000 else {
                    throw OTLPDecodingError("an entry's timestamp is out of range (\(seconds) s, \(nanos) ns)")
                }
                log.timeNanos = seconds * 1_000_000_000 + nanos
                logs.append(log)
            }
        }
        return logs
    }

    /// `{service="api", env="prod"}` as attributes; the push API's label text.
    static func labels(_ text: String) throws -> [OTLPAttribute] {
        let parsed: LogQL.Parsed
        do {
            parsed = try LogQL.parse(text)
        } catch {
            throw OTLPDecodingError("stream labels \(Quoted.prefix(text)) are not a label set")
        }
        guard case .logs(let query) = parsed.expression, query.pipeline.isEmpty, query.selector.allSatisfy({ $0.kind == .equal }) else {
            throw OTLPDecodingError("stream labels \(Quoted.prefix(text)) are not a label set")
        }
        return query.selector.map { OTLPAttribute($0.name, .string($0.value)) }
    }
}
