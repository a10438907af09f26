import Foundation
import SextantCore
import SextantWire

/// OTLP exports of a small shop's checkouts, for the ingest tests.
///
/// One checkout: `frontend` (root SERVER, CLIENT to api-service), `api-service` (SERVER; CLIENT
/// to postgres with `db.system`; PRODUCER to the orders queue), `worker-service` (CONSUMER in a
/// trace of its own, linked to the producer; CLIENT to an uninstrumented payments API).
enum ShopTraffic {
    static func ids(_ round: Int) -> (trace: TraceID, consumerTrace: TraceID) {
        (TraceID(high: 0x5107, low: UInt64(round + 1)), TraceID(high: 0x0C0, low: UInt64(round + 1)))
    }

    static let start: UInt64 = 1_700_000_000_000_000_000

    /// Each service's spans of `rounds` checkouts, one resource per service.
    static func export(rounds: Range<Int>, failing: Set<Int> = []) -> OTLPExport {
        var spans: [String: [OTLPExport.SpanRecord]] = [:]
        for round in rounds {
            let (trace, consumerTrace) = ids(round)
            func span(_ id: UInt64, parent: UInt64 = 0, _ name: String, _ kind: SpanKind, ms: UInt64,
                      _ attributes: [OTLPExport.Attribute] = [], error: Bool = false, in traceID: TraceID? = nil,
                      links: [Span.Link] = []) -> OTLPExport.SpanRecord {
                .init(traceID: traceID ?? trace, spanID: SpanID(id), parentSpanID: SpanID(parent), name: name, kind: kind,
                      startNanos: start, endNanos: start + ms * 1_000_000, attributes: attributes, isError: error, links: links)
            }
            spans["frontend", default: []] += [
                span(1, "GET /checkout", .server, ms: 120),
                span(2, parent: 1, "POST /orders", .client, ms: 100),
            ]
            spans["api-service", default: []] += [
                span(3, parent: 2, "POST /orders", .server, ms: 90, [.init("http.response.status_code", .int(failing.contains(round) ? 503 : 201))],
                     error: failing.contains(round)),
                span(4, parent: 3, "INSERT orders", .client, ms: 8, [.init("db.system", .string("postgresql")), .init("peer.service", .string("postgres"))]),
                span(5, parent: 3, "orders publish", .producer, ms: 2, [.init("messaging.system", .string("rabbitmq"))]),
            ]
            spans["worker-service", default: []] += [
                span(6, "orders process", .consumer, ms: 30, [.init("messaging.system", .string("rabbitmq"))], in: consumerTrace,
                     links: [Span.Link(traceID: trace, spanID: SpanID(5))]),
                span(7, parent: 6, "POST /charges", .client, ms: 25, [.init("server.address", .string("payments.example.com"))], in: consumerTrace),
            ]
        }
        return OTLPExport(resources: spans.keys.sorted().map { OTLPExport.ResourceSpans(service: $0, spans: spans[$0]!) })
    }
}
