import Foundation
import SextantCore

/// An OTLP export request built in code, rendered as protobuf or JSON; what the demo traffic,
/// the benchmark and the tests send.
public struct OTLPExport: Sendable {
    /// An attribute value.
    public enum Value: Sendable, Equatable {
        case string(String)
        case int(Int)
        case bool(Bool)
        case double(Double)
    }

    /// A key and its value.
    public struct Attribute: Sendable, Equatable {
        public var key: String
        public var value: Value

        public init(_ key: String, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// A span with all its attributes.
    public struct SpanRecord: Sendable {
        public var traceID: TraceID
        public var spanID: SpanID
        public var parentSpanID: SpanID
        public var name: String
        public var kind: SpanKind
        public var startNanos: UInt64
        public var endNanos: UInt64
        public var attributes: [Attribute]
        public var isError: Bool
        public var links: [Span.Link]

        public init(
            traceID: TraceID, spanID: SpanID, parentSpanID: SpanID = .none, name: String, kind: SpanKind,
            startNanos: UInt64, endNanos: UInt64, attributes: [Attribute] = [], isError: Bool = false, links: [Span.Link] = []
        ) {
            self.traceID = traceID
            self.spanID = spanID
            self.parentSpanID = parentSpanID
            self.name = name
            self.kind = kind
            self.startNanos = startNanos
            self.endNanos = endNanos
            self.attributes = attributes
            self.isError = isError
            self.links = links
        }
    }

    /// The spans of one resource (one service instance).
    public struct ResourceSpans: Sendable {
        public var attributes: [Attribute]
        public var spans: [SpanRecord]

        /// A resource whose `service.name` is `service`, with more attributes if given.
        public init(service: String?, attributes: [Attribute] = [], spans: [SpanRecord]) {
            self.attributes = (service.map { [Attribute("service.name", .string($0))] } ?? []) + attributes
            self.spans = spans
        }
    }

    public var resources: [ResourceSpans]

    public init(resources: [ResourceSpans]) {
        self.resources = resources
    }

    /// Every span in the request.
    public var spanCount: Int { resources.reduce(0) { $0 + $1.spans.count } }

    /// The request as `application/x-protobuf`.
    public func protobuf() -> [UInt8] {
        var request = ProtobufWriter(capacity: spanCount * 256)
        for resource in resources {
            request.message(1) { resourceSpans in
                resourceSpans.message(1) { message in
                    for attribute in resource.attributes { message.message(1) { Self.write(attribute, into: &$0) } }
                }
                resourceSpans.message(2) { scope in
                    scope.message(1) { $0.string(1, "sextant") }
                    for span in resource.spans { scope.message(2) { Self.write(span, into: &$0) } }
                }
            }
        }
        return request.bytes
    }

    private static func write(_ span: SpanRecord, into message: inout ProtobufWriter) {
        message.bigEndian(1, span.traceID.high, span.traceID.low)
        message.bigEndian(2, span.spanID.value)
        if !span.parentSpanID.isZero { message.bigEndian(4, span.parentSpanID.value) }
        message.string(5, span.name)
        message.varint(6, UInt64(span.kind.rawValue))
        message.fixed64(7, span.startNanos)
        message.fixed64(8, span.endNanos)
        for attribute in span.attributes { message.message(9) { write(attribute, into: &$0) } }
        for link in span.links {
            message.message(13) { linkMessage in
                linkMessage.bigEndian(1, link.traceID.high, link.traceID.low)
                linkMessage.bigEndian(2, link.spanID.value)
            }
        }
        message.message(15) { $0.varint(3, span.isError ? 2 : 0) }
    }

    private static func write(_ attribute: Attribute, into message: inout ProtobufWriter) {
        message.string(1, attribute.key)
        message.message(2) { value in
            switch attribute.value {
            case .string(let text): value.string(1, text)
            case .bool(let flag): value.varint(2, flag ? 1 : 0)
            case .int(let number): value.varint(3, UInt64(bitPattern: Int64(number)))
            case .double(let number): value.fixed64(4, number.bitPattern)
            }
        }
    }

    /// The request as OTLP JSON (`application/json`).
    public func json() -> Data {
        func attributes(_ list: [Attribute]) -> [[String: Any]] {
            list.map { attribute in
                let value: [String: Any]
                switch attribute.value {
                case .string(let text): value = ["stringValue": text]
                case .bool(let flag): value = ["boolValue": flag]
                case .int(let number): value = ["intValue": String(number)]
                case .double(let number): value = ["doubleValue": number]
                }
                return ["key": attribute.key, "value": value]
            }
        }
        let root: [String: Any] = ["resourceSpans": resources.map { resource in
            [
                "resource": ["attributes": attributes(resource.attributes)],
                "scopeSpans": [["scope": ["name": "sextant"], "spans": resource.spans.map { span -> [String: Any] in
                    var object: [String: Any] = [
                        "traceId": span.traceID.description, "spanId": span.spanID.description, "name": span.name,
                        "kind": span.kind.rawValue, "startTimeUnixNano": String(span.startNanos),
                        "endTimeUnixNano": String(span.endNanos), "attributes": attributes(span.attributes),
                        "status": ["code": span.isError ? 2 : 0],
                    ]
                    if !span.parentSpanID.isZero { object["parentSpanId"] = span.parentSpanID.description }
                    if !span.links.isEmpty {
                        object["links"] = span.links.map { ["traceId": $0.traceID.description, "spanId": $0.spanID.description] }
                    }
                    return object
                }]],
            ] as [String: Any]
        }]
        return (try? JSONSerialization.data(withJSONObject: root)) ?? Data()
    }
}
