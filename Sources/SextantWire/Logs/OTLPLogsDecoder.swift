import Foundation
import SextantCore

/// Decodes OTLP/HTTP `ExportLogsServiceRequest` bodies, protobuf or JSON, into ``ReceivedLog``s.
public enum OTLPLogsDecoder {
    public static func decode(protobuf bytes: UnsafeRawBufferPointer) throws -> [ReceivedLog] {
        var logs: [ReceivedLog] = []
        var request = ProtobufReader(bytes)
        while let field = try request.nextField() {
            guard field.number == 1, field.wireType == .lengthDelimited else { try request.skip(field.wireType); continue }
            var resourceLogs = try request.readMessage()
            var resource: [OTLPAttribute] = []
            var scopes: [ProtobufReader] = []
            while let part = try resourceLogs.nextField() {
                switch (part.number, part.wireType) {
                case (1, .lengthDelimited):
                    var message = try resourceLogs.readMessage()
                    resource = try OTLPAttribute.decodeList(&message, field: 1)
                case (2, .lengthDelimited): scopes.append(try resourceLogs.readMessage())
                default: try resourceLogs.skip(part.wireType)
                }
            }
            for var scope in scopes {
                while let part = try scope.nextField() {
                    guard part.number == 2, part.wireType == .lengthDelimited else { try scope.skip(part.wireType); continue }
                    var record = try scope.readMessage()
                    logs.append(try decodeRecord(&record, resource: resource))
                }
            }
        }
        return logs
    }

    private static func decodeRecord(_ reader: inout ProtobufReader, resource: [OTLPAttribute]) throws -> ReceivedLog {
        var log = ReceivedLog(resource: resource, timeNanos: 0, line: "")
        var observed: UInt64 = 0
        var time: UInt64 = 0
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, .fixed64): time = try reader.readFixed64()
            case (11, .fixed64): observed = try reader.readFixed64()
            case (2, .varint): log.severityNumber = Int(truncatingIfNeeded: try reader.readVarint())
            case (3, .lengthDelimited): log.severityText = try reader.readString()
            case (5, .lengthDelimited):
                var body = try reader.readMessage()
                log.line = try OTLPValue.decode(&body)?.text ?? ""
            case (6, .lengthDelimited):
                var keyValue = try reader.readMessage()
                if let attribute = try OTLPAttribute.decode(&keyValue) { log.attributes.append(attribute) }
            case (9, .lengthDelimited):
                let id = try reader.readMessage()
                if let high = id.remainingBigEndian(count: 16), let low = id.remainingBigEndian(count: 16, offset: 8) {
                    log.traceID = TraceID(high: high, low: low)
                }
            case (10, .lengthDelimited): log.spanID = try reader.readMessage().remainingBigEndian(count: 8).map(SpanID.init)
            default: try reader.skip(field.wireType)
            }
        }
        log.timeNanos = try nanos(time != 0 ? time : observed)
        if log.traceID?.isZero == true { log.traceID = nil }
        if log.spanID?.isZero == true { log.spanID = nil }
        return log
    }

    static func nanos(_ value: UInt64) throws -> Int64 {
        guard let signed = Int64(exactly: value) else { throw OTLPDecodingError("a log record's time is past the year 2262") }
        return signed
    }

    public static func decode(json data: Data) throws -> [ReceivedLog] {
        let problem = data.withUnsafeBytes { bytes in Result { () throws(StrictJSON.Problem) in try StrictJSON.check(bytes) } }
        if case .failure(let problem) = problem { throw OTLPDecodingError("the body is not valid JSON: \(problem)") }
        guard let request = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw OTLPDecodingError("the body must be a JSON object")
        }
        var logs: [ReceivedLog] = []
        for case let resourceLogs as [String: Any] in request["resourceLogs"] as? [Any] ?? [] {
            let resource = try OTLPAttribute.decodeList(json: (resourceLogs["resource"] as? [String: Any])?["attributes"])
            for case let scope as [String: Any] in resourceLogs["scopeLogs"] as? [Any] ?? [] {
                for case let record as [String: Any] in scope["logRecords"] as? [Any] ?? [] {
                    var log = ReceivedLog(resource: resource, timeNanos: 0, line: "")
                    let time = try OTLPJSONDecoder.unsigned(record["timeUnixNano"], at: "timeUnixNano")
                    log.timeNanos = try nanos(time != 0 ? time : try OTLPJSONDecoder.unsigned(record["observedTimeUnixNano"], at: "observedTimeUnixNano"))
                    switch record["severityNumber"] {
                    case let number as NSNumber: log.severityNumber = number.intValue
                    case let name as String: log.severityNumber = severityNumber(name)
                    default: break
                    }
                    log.severityText = record["severityText"] as? String ?? ""
                    log.line = try OTLPValue.decode(json: record["body"])?.text ?? ""
                    log.attributes = try OTLPAttribute.decodeList(json: record["attributes"])
                    log.traceID = (record["traceId"] as? String).flatMap { TraceID(hex: $0.lowercased()) }.flatMap { $0.isZero ? nil : $0 }
                    log.spanID = (record["spanId"] as? String).flatMap { SpanID(hex: $0.lowercased()) }.flatMap { $0.isZero ? nil : $0 }
                    logs.append(log)
                }
            }
        }
        return logs
    }

    /// `SEVERITY_NUMBER_INFO2` → 10.
    private static func severityNumber(_ name: String) -> Int {
        let names = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]
        let stem = name.hasPrefix("SEVERITY_NUMBER_") ? String(name.dropFirst(16)) : name
        if let number = Int(stem) { return number }
        let digits = stem.drop { $0.isLetter }
        let word = stem.prefix { $0.isLetter }
        guard let base = names.firstIndex(of: String(word)) else { return 0 }
        return base * 4 + 1 + max(0, (Int(digits) ?? 1) - 1)
    }
}
