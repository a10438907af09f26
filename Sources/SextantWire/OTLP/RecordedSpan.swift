import Foundation
import SextantCore

/// A stored span, read back whole: what trace queries show (Jaeger's tags and logs, Tempo's
/// OTLP) and match (TraceQL's `span.` and `resource.` attributes).
public struct RecordedSpan: Sendable, Equatable {
    public struct Event: Sendable, Equatable {
        public var timeNanos: UInt64
        public var name: String
        public var attributes: [OTLPAttribute]
    }

    public var traceID: TraceID
    public var spanID: SpanID
    public var parentSpanID: SpanID = .none
    public var name = ""
    public var kind: SpanKind = .unspecified
    public var startNanos: UInt64 = 0
    public var endNanos: UInt64 = 0
    public var attributes: [OTLPAttribute] = []
    public var events: [Event] = []
    /// 0 unset, 1 ok, 2 error.
    public var statusCode = 0
    public var statusMessage = ""
    /// The resource's attributes (`service.name` among them).
    public var resource: [OTLPAttribute] = []

    public var service: String { resource["service.name"]?.text ?? "" }
    public var isError: Bool { statusCode == 2 }
    public var durationNanos: UInt64 { endNanos > startNanos ? endNanos - startNanos : 0 }

    /// Decodes an OTLP `Span` message.
    static func decode(_ reader: inout ProtobufReader, resource: [OTLPAttribute]) throws -> RecordedSpan {
        var span = RecordedSpan(traceID: TraceID(high: 0, low: 0), spanID: .none, resource: resource)
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, .lengthDelimited):
                let id = try reader.readMessage()
                span.traceID = TraceID(high: id.remainingBigEndian(count: 16) ?? 0, low: id.remainingBigEndian(count: 16, offset: 8) ?? 0)
            case (2, .lengthDelimited): span.spanID = SpanID(try reader.readMessage().remainingBigEndian(count: 8) ?? 0)
            case (4, .lengthDelimited): span.parentSpanID = SpanID(try reader.readMessage().remainingBigEndian(count: 8) ?? 0)
            case (5, .lengthDelimited): span.name = try reader.readString()
            case (6, .varint): span.kind = SpanKind(rawValue: Int(truncatingIfNeeded: try reader.readVarint())) ?? .unspecified
            case (7, .fixed64): span.startNanos = try reader.readFixed64()
            case (8, .fixed64): span.endNanos = try reader.readFixed64()
            case (9, .lengthDelimited):
                var keyValue = try reader.readMessage()
                if let attribute = try OTLPAttribute.decode(&keyValue) { span.attributes.append(attribute) }
            case (11, .lengthDelimited):
                var event = try reader.readMessage()
                span.events.append(try decodeEvent(&event))
            case (15, .lengthDelimited):
                var status = try reader.readMessage()
                while let part = try status.nextField() {
                    switch (part.number, part.wireType) {
                    case (2, .lengthDelimited): span.statusMessage = try status.readString()
                    case (3, .varint): span.statusCode = Int(truncatingIfNeeded: try status.readVarint())
                    default: try status.skip(part.wireType)
                    }
                }
            default: try reader.skip(field.wireType)
            }
        }
        return span
    }

    private static func decodeEvent(_ reader: inout ProtobufReader) throws -> Event {
        var event = Event(timeNanos: 0, name: "", attributes: [])
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, .fixed64): event.timeNanos = try reader.readFixed64()
            case (2, .lengthDelimited): event.name = try reader.readString()
            case (3, .lengthDelimited):
                var keyValue = try reader.readMessage()
                if let attribute = try OTLPAttribute.decode(&keyValue) { event.attributes.append(attribute) }
            default: try reader.skip(field.wireType)
            }
        }
        return event
    }

    /// The OTLP `Span` message (without the resource, which travels beside it).
    public var encoded: [UInt8] {
        var writer = ProtobufWriter()
        writer.bigEndian(1, traceID.high, traceID.low)
        writer.bigEndian(2, spanID.value)
        if parentSpanID != .none { writer.bigEndian(4, parentSpanID.value) }
        writer.string(5, name)
        writer.varint(6, UInt64(kind.rawValue))
        writer.fixed64(7, startNanos)
        writer.fixed64(8, endNanos)
        for attribute in attributes { writer.message(9) { attribute.encode(into: &$0) } }
        for event in events {
            writer.message(11) { nested in
                nested.fixed64(1, event.timeNanos)
                nested.string(2, event.name)
                for attribute in event.attributes { nested.message(3) { attribute.encode(into: &$0) } }
            }
        }
        if statusCode != 0 || !statusMessage.isEmpty {
            writer.message(15) { status in
                if !statusMessage.isEmpty { status.string(2, statusMessage) }
                status.varint(3, UInt64(statusCode))
            }
        }
        return writer.bytes
    }

    /// The span of an OTLP/JSON span object, for storage (ids already checked by the caller).
    static func decode(json object: [String: Any], resource: [OTLPAttribute], traceID: TraceID, spanID: SpanID, parentSpanID: SpanID,
                       kind: SpanKind, startNanos: UInt64, endNanos: UInt64) throws -> RecordedSpan {
        var span = RecordedSpan(traceID: traceID, spanID: spanID, parentSpanID: parentSpanID, name: object["name"] as? String ?? "", kind: kind,
                                startNanos: startNanos, endNanos: endNanos, resource: resource)
        span.attributes = try OTLPAttribute.decodeList(json: object["attributes"])
        for case let event as [String: Any] in object["events"] as? [Any] ?? [] {
            let time = (event["timeUnixNano"] as? String).flatMap(UInt64.init) ?? (event["timeUnixNano"] as? NSNumber)?.uint64Value ?? 0
            span.events.append(Event(timeNanos: time, name: event["name"] as? String ?? "", attributes: try OTLPAttribute.decodeList(json: event["attributes"])))
        }
        if let status = object["status"] as? [String: Any] {
            span.statusMessage = status["message"] as? String ?? ""
            switch status["code"] {
            case let code as NSNumber: span.statusCode = code.intValue
            case let name as String: span.statusCode = ["STATUS_CODE_OK": 1, "STATUS_CODE_ERROR": 2].first { $0.key == name }?.value ?? Int(name) ?? 0
            default: break
            }
        }
        return span
    }
}
