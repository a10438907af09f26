import Foundation
@testable import SextantWire
import SextantCore
import Testing

/// The formats span and log storage read and write: snappy blocks, OTLP values, stored traces
/// as `TracesData`, OTLP logs and Loki pushes.
@Suite("Telemetry formats")
struct TelemetryFormatTests {
    static func snappy(_ bytes: [UInt8], maximum: Int = 1 << 20) throws -> [UInt8] {
        try bytes.withUnsafeBytes { try Snappy.decompress($0, maximumLength: maximum) }
    }

    @Test func snappyLiteralsAndEveryKindOfBackReferenceDecompress() throws {
        // "abcd" literal, then copies with 1-, 2- and 4-byte offsets (overlapping runs among them).
        let literal: [UInt8] = [3 << 2] + Array("abcd".utf8)
        let copy1: [UInt8] = [0b000_001_01 | (0 << 5), 4]        // 5 bytes from 4 back: "abcda"
        let copy2: [UInt8] = [UInt8((3 - 1) << 2 | 2), 1, 0]     // 3 bytes from 1 back: "aaa"
        let copy4: [UInt8] = [UInt8((2 - 1) << 2 | 3), 12, 0, 0, 0] // 2 bytes from 12 back: "ab"
        let body = literal + copy1 + copy2 + copy4
        #expect(try Self.snappy([14] + body) == Array("abcdabcdaaaaab".utf8))
        #expect(throws: Snappy.Failure.self) { try Self.snappy([15] + body) }                 // shorter than declared
        #expect(throws: Snappy.Failure.self) { try Self.snappy([14, 0b000_001_01, 9]) }      // offset before the start
        #expect(throws: Snappy.Failure.self) { try Self.snappy([0xFF, 0xFF, 0xFF, 0x7F], maximum: 1_000) } // declared too large
        #expect(throws: Snappy.Failure.self) { try Self.snappy([10, 60 << 2]) }              // truncated literal length
    }

    @Test func aSpanRoundTripsThroughStorageWithItsAttributesEventsAndResource() throws {
        let trace = TraceID(high: 1, low: 2)
        var recorded = RecordedSpan(traceID: trace, spanID: SpanID(3), parentSpanID: SpanID(4), name: "GET /x", kind: .server,
                                    startNanos: 10, endNanos: 30)
        recorded.attributes = [OTLPAttribute("s", .string("v")), OTLPAttribute("i", .int(-7)), OTLPAttribute("d", .double(1.5)),
                               OTLPAttribute("b", .bool(true)), OTLPAttribute("a", .array([.int(1), .string("x")])),
                               OTLPAttribute("m", .map([OTLPAttribute("k", .bytes([0, 255]))]))]
        recorded.events = [.init(timeNanos: 20, name: "retry", attributes: [OTLPAttribute("n", .int(2))])]
        recorded.statusCode = 2
        recorded.statusMessage = "boom"
        let resource = [OTLPAttribute("service.name", .string("api")), OTLPAttribute("host", .string("h1"))]
        var span = Span(traceID: trace, spanID: SpanID(3), service: "api", name: "GET /x", kind: .server, startNanos: 10, endNanos: 30)
        span.payload = recorded.encoded[...]
        span.origin = SpanOrigin(resource: OTLPTraceData.resource(resource), scope: [])
        var other = span
        other.spanID = SpanID(5)
        other.origin = SpanOrigin(resource: OTLPTraceData.resource([OTLPAttribute("service.name", .string("db"))]), scope: [])
        let stored = OTLPTraceData.encode([span, other])
        // Stored parts joined are one message.
        let spans = try OTLPTraceData.spans(stored + OTLPTraceData.encode([span]))
        #expect(spans.count == 3)
        var expected = recorded
        expected.resource = resource
        #expect(spans[0] == expected)
        #expect(spans[1].service == "db" && spans[2] == expected)
    }

    @Test func protobufDecodingKeepsEachSpansBytesAndItsBatchsOrigin() throws {
        let export = OTLPExport(resources: [.init(service: "api", spans: [
            .init(traceID: TraceID(high: 9, low: 9), spanID: SpanID(1), name: "a", kind: .server, startNanos: 1, endNanos: 2),
            .init(traceID: TraceID(high: 9, low: 9), spanID: SpanID(2), name: "b", kind: .client, startNanos: 1, endNanos: 2, isError: true),
        ])]).protobuf()
        let plain = try OTLPProtobufDecoder.decode(export)
        #expect(plain.spans.allSatisfy { $0.payload == nil && $0.origin == nil })
        let kept = try OTLPProtobufDecoder.decode(export, keepingPayloads: true)
        #expect(kept.spans.count == 2 && kept.spans[0].origin === kept.spans[1].origin)
        let read = try OTLPTraceData.spans(OTLPTraceData.encode(kept.spans))
        #expect(read.map(\.name) == ["a", "b"] && read.map(\.isError) == [false, true] && read.allSatisfy { $0.service == "api" })
    }

    @Test func otlpLogsDecodeFromJSONWithTheirSeverityBodyAndTraceContext() throws {
        let body = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
             "scopeLogs":[{"logRecords":[
              {"timeUnixNano":"1700000000000000001","severityNumber":"SEVERITY_NUMBER_WARN2","body":{"kvlistValue":{"values":[{"key":"k","value":{"intValue":"3"}}]}},
               "traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","attributes":[{"key":"user","value":{"stringValue":"u1"}}]},
              {"observedTimeUnixNano":"1700000000000000002","severityText":"INFO","body":{"stringValue":"plain"},"traceId":"00000000000000000000000000000000"}]}]}]}
            """
        let logs = try OTLPLogsDecoder.decode(json: Data(body.utf8))
        #expect(logs.count == 2)
        #expect(logs[0].timeNanos == 1_700_000_000_000_000_001 && logs[0].severity == "warn" && logs[0].line == #"{"k":3}"#)
        #expect(logs[0].traceID == TraceID(hex: "0af7651916cd43dd8448eb211c80319c") && logs[0].spanID == SpanID(hex: "b7ad6b7169203331"))
        #expect(logs[1].timeNanos == 1_700_000_000_000_000_002 && logs[1].severity == "info" && logs[1].line == "plain" && logs[1].traceID == nil)
        #expect(throws: OTLPDecodingError.self) { try OTLPLogsDecoder.decode(json: Data(#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"-1"}]}]}]}"#.utf8)) }
    }

    @Test func lokiPushesDecodeFromJSONAndProtobuf() throws {
        let json = #"{"streams":[{"stream":{"job":"a","service":"s"},"values":[["1700000000000000000","line one",{"trace_id":"t"}]]}]}"#
        let fromJSON = try LokiPushDecoder.decode(json: Data(json.utf8))
        #expect(fromJSON == [ReceivedLog(resource: [OTLPAttribute("job", .string("a")), OTLPAttribute("service", .string("s"))],
                                         timeNanos: 1_700_000_000_000_000_000, line: "line one", attributes: [OTLPAttribute("trace_id", .string("t"))])])
        var entry = ProtobufWriter()
        entry.message(1) { $0.varint(1, 1_700_000_000); $0.varint(2, 5) }
        entry.string(2, "line two")
        var request = ProtobufWriter()
        request.message(1) { stream in
            stream.string(1, #"{job="a", service="s"}"#)
            stream.lengthDelimited(2, entry.bytes)
        }
        let fromProtobuf = try request.bytes.withUnsafeBytes { try LokiPushDecoder.decode(protobuf: $0) }
        #expect(fromProtobuf.map(\.timeNanos) == [1_700_000_000_000_000_005] && fromProtobuf.map(\.line) == ["line two"])
        #expect(fromProtobuf.first?.resource == fromJSON.first?.resource)
        var bad = ProtobufWriter()
        bad.message(1) { $0.string(1, #"{job=~"a"}"#) }
        #expect(throws: OTLPDecodingError.self) { try bad.bytes.withUnsafeBytes { try LokiPushDecoder.decode(protobuf: $0) } }
    }
}
