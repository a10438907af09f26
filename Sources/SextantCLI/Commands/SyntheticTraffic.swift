import Foundation
import SextantCore
import SextantWire

/// OTLP exports that look like a small shop's traffic: each trace is a frontend page calling
/// api-service, which calls auth-service and postgres; about 2 % of api-service's calls fail.
enum SyntheticTraffic {
    /// One OTLP/protobuf export of about `spans` spans (whole traces of five spans each).
    static func export(spans: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        var byService: [String: [OTLPExport.SpanRecord]] = [:]
        let traces = max(1, (spans + 4) / 5)
        for _ in 0..<traces {
            let trace = TraceID(high: generator.next(), low: generator.next())
            let failing = Int.random(in: 0..<50, using: &generator) == 0
            let start = now - UInt64.random(in: 0..<1_000_000_000, using: &generator)
            let total = UInt64.random(in: 20_000_000..<120_000_000, using: &generator)
            func span(_ parent: SpanID, _ name: String, _ kind: SpanKind, _ offset: UInt64, _ length: UInt64, error: Bool = false,
                      peer: String? = nil) -> OTLPExport.SpanRecord {
                var attributes: [OTLPExport.Attribute] = [.init("http.response.status_code", .int(error ? 500 : 200))]
                if let peer { attributes.append(.init("peer.service", .string(peer))) }
                return OTLPExport.SpanRecord(
                    traceID: trace, spanID: SpanID(generator.next() | 1), parentSpanID: parent, name: name, kind: kind,
                    startNanos: start + offset, endNanos: start + offset + length, attributes: attributes, isError: error
                )
            }
            let page = span(.none, "GET /checkout", .server, 0, total, error: failing)
            let call = span(page.spanID, "POST /api/orders", .client, 1_000_000, total - 2_000_000, error: failing)
            let handler = span(call.spanID, "POST /api/orders", .server, 1_500_000, total - 3_000_000, error: failing)
            let auth = span(handler.spanID, "POST /auth/verify", .client, 2_000_000, 5_000_000, peer: "auth-service")
            let query = span(handler.spanID, "SELECT orders", .client, 8_000_000, total / 3, peer: "postgres")
            byService["frontend", default: []] += [page, call]
            byService["api-service", default: []] += [handler, auth, query]
        }
        return OTLPExport(resources: byService.keys.sorted().map { OTLPExport.ResourceSpans(service: $0, spans: byService[$0]!) }).protobuf()
    }
}
