import Foundation
import SextantCore
import SextantWire

/// Realistic traces of the demo topology: checkouts through frontend, api-service and
/// auth-service, with postgres and redis calls, an order published to rabbitmq and consumed by
/// worker-service, which calls an external API. Latencies are log-normal; a few calls fail.
struct DemoTraces<Random: RandomNumberGenerator> {
    var random: Random
    private var nextID: UInt64 = 1

    init(random: Random) {
        self.random = random
    }

    /// `count` checkouts ending around `now`, as one export request.
    mutating func checkouts(_ count: Int, now: Date) -> OTLPExport {
        var spans: [String: [OTLPExport.SpanRecord]] = [:]
        for _ in 0..<count { checkout(ending: UInt64(now.timeIntervalSince1970 * 1e9), into: &spans) }
        return OTLPExport(resources: spans.keys.sorted().map { service in
            OTLPExport.ResourceSpans(service: service, attributes: [.init("deployment.environment", .string("demo"))], spans: spans[service]!)
        })
    }

    private mutating func checkout(ending end: UInt64, into spans: inout [String: [OTLPExport.SpanRecord]]) {
        let trace = TraceID(high: random.next(), low: random.next())
        let authFails = chance(0.01), databaseFails = chance(0.005)
        let auth = milliseconds(median: 12), redis = milliseconds(median: 0.8), postgres = milliseconds(median: 6)
        let api = auth + redis + postgres + milliseconds(median: 8)
        let frontend = api + milliseconds(median: 25)
        let start = end - frontend

        let frontendServer = id(), frontendClient = id(), apiServer = id(), authClient = id(), publish = id()
        spans["frontend", default: []] += [
            record(trace, frontendServer, parent: 0, "GET /checkout", .server, start, frontend, [.init("http.route", .string("/checkout"))],
                   error: authFails || databaseFails),
            record(trace, frontendClient, parent: frontendServer, "POST /orders", .client, start + 2_000_000, api + 2_000_000),
        ]
        var cursor = start + 3_000_000
        spans["api-service", default: []] += [
            record(trace, apiServer, parent: frontendClient, "POST /orders", .server, cursor, api,
                   [.init("http.response.status_code", .int(authFails || databaseFails ? 503 : 201))], error: authFails || databaseFails),
            record(trace, id(), parent: apiServer, "GET session", .client, cursor + 500_000, redis,
                   [.init("db.system", .string("redis")), .init("peer.service", .string("redis"))]),
            record(trace, authClient, parent: apiServer, "GET /verify", .client, cursor + redis + 1_000_000, auth + 1_000_000),
        ]
        cursor += redis + 1_500_000
        spans["auth-service", default: []] += [
            record(trace, id(), parent: authClient, "GET /verify", .server, cursor, auth,
                   [.init("http.response.status_code", .int(authFails ? 500 : 200))], error: authFails),
            record(trace, id(), parent: authClient, "SELECT tokens", .client, cursor + 1_000_000, milliseconds(median: 2),
                   [.init("db.system", .string("postgresql")), .init("peer.service", .string("postgres"))]),
        ]
        cursor += auth + 1_000_000
        spans["api-service", default: []].append(
            record(trace, id(), parent: apiServer, "INSERT orders", .client, cursor, postgres,
                   [.init("db.system", .string("postgresql")), .init("peer.service", .string("postgres"))], error: databaseFails)
        )
        // Only orders that went through are published.
        guard !(authFails || databaseFails) else { return }
        spans["api-service", default: []].append(
            record(trace, publish, parent: apiServer, "orders publish", .producer, cursor + postgres, 400_000,
                   [.init("messaging.system", .string("rabbitmq")), .init("messaging.destination.name", .string("orders"))])
        )

        // The worker takes the order from the queue in a trace of its own, linked to the producer.
        let workerTrace = TraceID(high: random.next(), low: random.next())
        let consume = id(), external = milliseconds(median: 180)
        let work = external + milliseconds(median: 15)
        let externalFails = chance(0.02)
        spans["worker-service", default: []] += [
            OTLPExport.SpanRecord(
                traceID: workerTrace, spanID: SpanID(consume), name: "orders process", kind: .consumer,
                startNanos: end, endNanos: end + work, attributes: [.init("messaging.system", .string("rabbitmq"))],
                isError: externalFails, links: [Span.Link(traceID: trace, spanID: SpanID(publish))]
            ),
            OTLPExport.SpanRecord(
                traceID: workerTrace, spanID: SpanID(id()), parentSpanID: SpanID(consume), name: "UPDATE orders", kind: .client,
                startNanos: end + 1_000_000, endNanos: end + 1_000_000 + milliseconds(median: 4),
                attributes: [.init("db.system", .string("postgresql")), .init("peer.service", .string("postgres"))]
            ),
            OTLPExport.SpanRecord(
                traceID: workerTrace, spanID: SpanID(id()), parentSpanID: SpanID(consume), name: "POST /charges", kind: .client,
                startNanos: end + 6_000_000, endNanos: end + 6_000_000 + external,
                attributes: [.init("peer.service", .string("external-api")), .init("server.address", .string("api.payments.example"))],
                isError: externalFails
            ),
        ]
    }

    private func record(
        _ trace: TraceID, _ spanID: UInt64, parent: UInt64, _ name: String, _ kind: SpanKind, _ start: UInt64, _ duration: UInt64,
        _ attributes: [OTLPExport.Attribute] = [], error: Bool = false
    ) -> OTLPExport.SpanRecord {
        OTLPExport.SpanRecord(
            traceID: trace, spanID: SpanID(spanID), parentSpanID: SpanID(parent), name: name, kind: kind,
            startNanos: start, endNanos: start + duration, attributes: attributes, isError: error
        )
    }

    private mutating func id() -> UInt64 {
        defer { nextID += 1 }
        return nextID
    }

    private mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    /// A log-normal duration around `median` milliseconds, in nanoseconds.
    private mutating func milliseconds(median: Double) -> UInt64 {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &random), u2 = Double.random(in: 0..<1, using: &random)
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        return UInt64(median * exp(0.5 * normal) * 1_000_000)
    }
}
