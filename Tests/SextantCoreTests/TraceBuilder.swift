import Foundation
import Testing
import SextantCore

/// Builds spans for pairing scenarios: one trace, spans by short name.
struct TraceBuilder {
    var trace = TraceID(high: 0xA, low: 0xB)

    func span(
        _ id: UInt64, parent: UInt64 = 0, _ service: String, _ kind: SpanKind, name: String = "op", ms: UInt64 = 10,
        error: Bool = false, peer: String? = nil, address: String? = nil, db: String? = nil, dbName: String? = nil,
        messaging: String? = nil, links: [Span.Link] = []
    ) -> Span {
        Span(
            traceID: trace, spanID: SpanID(id), parentSpanID: SpanID(parent), service: service, name: name, kind: kind,
            startNanos: 1_000_000_000, endNanos: 1_000_000_000 + ms * 1_000_000, isError: error,
            peerService: peer, serverAddress: address, databaseSystem: db, databaseName: dbName, messagingSystem: messaging, links: links
        )
    }
}
