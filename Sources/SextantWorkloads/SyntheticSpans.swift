import SextantCore
import SextantWire

/// Export requests of realistic spans for the ingest benchmark: a few dozen services calling
/// each other, databases and queues; every span with 10 to 20 attributes.
public struct SyntheticSpans {
    /// An encoded request and where its trace ids sit, so that each send can make them unique.
    public struct Payload: Sendable {
        public let bytes: [UInt8]
        /// Offsets of the first byte of every trace id in `bytes`.
        public let traceIDOffsets: [Int]
        public let spanCount: Int
    }

    public static func payloads(count: Int, spansPerRequest: Int, services: Int, start: UInt64 = 1_700_000_000_000_000_000,
                         using random: inout SplitMix64) -> [Payload] {
        (0..<count).map { _ in payload(spans: spansPerRequest, services: services, start: start, using: &random) }
    }

    public static func payload(spans target: Int, services: Int, start: UInt64 = 1_700_000_000_000_000_000, using random: inout SplitMix64) -> Payload {
        var byService: [String: [OTLPExport.SpanRecord]] = [:]
        var traceIDs: [TraceID] = []
        var made = 0
        var nextSpan: UInt64 = 1
        while made < target {
            // One call: a SERVER span, a CLIENT span to another service paired with its SERVER span,
            // and a database call.
            let trace = TraceID(high: random.next(), low: random.next())
            traceIDs.append(trace)
            let caller = "service-\(Int.random(in: 0..<services, using: &random))"
            var callee = "service-\(Int.random(in: 0..<services, using: &random))"
            if callee == caller { callee = "service-\((Int(caller.dropFirst(8))! + 1) % services)" }
            let root = nextSpan, client = nextSpan + 1, server = nextSpan + 2, database = nextSpan + 3
            nextSpan += 4
            let duration = UInt64.random(in: 2_000_000...80_000_000, using: &random)
            let failed = Int.random(in: 0..<100, using: &random) == 0
            func span(_ id: UInt64, parent: UInt64, _ name: String, _ kind: SpanKind, _ extra: [OTLPExport.Attribute]) -> OTLPExport.SpanRecord {
                OTLPExport.SpanRecord(
                    traceID: trace, spanID: SpanID(id), parentSpanID: SpanID(parent), name: name, kind: kind,
                    startNanos: start, endNanos: start + duration, attributes: commonAttributes(using: &random) + extra, isError: failed
                )
            }
            let route = "/api/v\(Int.random(in: 1...3, using: &random))/\(["orders", "users", "carts", "items", "payments"].randomElement(using: &random)!)"
            byService[caller, default: []] += [
                span(root, parent: 0, "GET \(route)", .server, [.init("http.route", .string(route)), .init("http.response.status_code", .int(failed ? 500 : 200))]),
                span(client, parent: root, "POST \(route)", .client, [.init("server.address", .string(callee)), .init("server.port", .int(8080))]),
            ]
            byService[callee, default: []] += [
                span(server, parent: client, "POST \(route)", .server, [.init("http.route", .string(route)), .init("http.response.status_code", .int(201))]),
                span(database, parent: server, "INSERT \(route.split(separator: "/").last!)", .client,
                     [.init("db.system", .string("postgresql")), .init("db.namespace", .string("shop")), .init("peer.service", .string("postgres"))]),
            ]
            made += 4
        }
        let export = OTLPExport(resources: byService.keys.sorted().map { service in
            OTLPExport.ResourceSpans(service: service, attributes: [
                .init("service.version", .string("1.4.\(service.count)")), .init("host.name", .string("\(service)-7f9c")),
                .init("deployment.environment", .string("production")), .init("telemetry.sdk.language", .string("go")),
            ], spans: byService[service]!)
        })
        let bytes = export.protobuf()
        return Payload(bytes: bytes, traceIDOffsets: offsets(of: traceIDs, in: bytes), spanCount: made)
    }

    /// 8 to 16 attributes that every span of a real service carries, plus its own.
    private static func commonAttributes(using random: inout SplitMix64) -> [OTLPExport.Attribute] {
        var attributes: [OTLPExport.Attribute] = [
            .init("http.request.method", .string(["GET", "POST", "PUT"].randomElement(using: &random)!)),
            .init("network.protocol.version", .string("1.1")),
            .init("url.scheme", .string("https")),
            .init("user_agent.original", .string("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0")),
            .init("client.address", .string("10.0.\(Int.random(in: 0...255, using: &random)).\(Int.random(in: 1...254, using: &random))")),
            .init("thread.id", .int(Int.random(in: 1...64, using: &random))),
            .init("code.function", .string("handleRequest")),
            .init("code.namespace", .string("com.example.shop.Handler")),
        ]
        for index in 0..<Int.random(in: 0...8, using: &random) {
            attributes.append(.init("app.field_\(index)", .string("value-\(Int.random(in: 0...9_999, using: &random))")))
        }
        return attributes
    }

    private static func offsets(of traceIDs: [TraceID], in bytes: [UInt8]) -> [Int] {
        var wanted: [UInt64: Bool] = [:]
        for trace in traceIDs { wanted[trace.high] = true }
        var found: [Int] = []
        // Trace ids are written as field 1 or 2, length 16: 0x0A 0x10 (span) or 0x0A 0x10 (link), then big-endian.
        var index = 0
        while index + 18 <= bytes.count {
            if bytes[index] == 0x0A, bytes[index + 1] == 0x10 {
                var high: UInt64 = 0
                for byte in bytes[(index + 2)..<(index + 10)] { high = high << 8 | UInt64(byte) }
                if wanted[high] != nil {
                    found.append(index + 2)
                    index += 18
                    continue
                }
            }
            index += 1
        }
        return found
    }
}

extension SyntheticSpans.Payload {
    /// The payload with every trace id's first bytes replaced by `stamp`, so that no two sends
    /// carry the same traces.
    public func stamped(_ stamp: UInt32) -> [UInt8] {
        var copy = bytes
        for offset in traceIDOffsets {
            copy[offset] = UInt8(truncatingIfNeeded: stamp >> 24)
            copy[offset + 1] = UInt8(truncatingIfNeeded: stamp >> 16)
            copy[offset + 2] = UInt8(truncatingIfNeeded: stamp >> 8)
            copy[offset + 3] = UInt8(truncatingIfNeeded: stamp)
        }
        return copy
    }
}
