import Foundation
import Testing
import SextantCore
import SextantWire

@Suite("OTLP decoding")
struct OTLPDecodingTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/python-sdk-export.pb")

    @Test func decodesWhatTheOpenTelemetryPythonSDKEncodes() throws {
        let bytes = try [UInt8](Data(contentsOf: Self.fixture))
        let decoded = try OTLPProtobufDecoder.decode(bytes)
        #expect(decoded.rejected == 0)
        #expect(decoded.spans.count == 18)
        #expect(Set(decoded.spans.map(\.service)) == ["frontend", "api-service", "auth-service", "worker-service"])

        let database = try #require(decoded.spans.first { $0.name == "SELECT orders" })
        #expect(database.kind == .client && database.isDatabaseCall)
        #expect(database.databaseSystem == "postgresql" && database.databaseNamespace == "shop" && database.peerService == "postgres")
        #expect(database.endNanos > database.startNanos)

        let servers = decoded.spans.filter { $0.name == "POST /orders" && $0.kind == .server }
        #expect(servers.count == 2 && servers.allSatisfy { $0.httpStatusCode == 201 && !$0.parentSpanID.isZero })
        let clients = decoded.spans.filter { $0.name == "POST /orders" && $0.kind == .client }
        #expect(Set(servers.map(\.parentSpanID)) == Set(clients.map(\.spanID)))

        let failedAuth = decoded.spans.filter { $0.service == "auth-service" && $0.isError }
        #expect(failedAuth.count == 1 && failedAuth.first?.httpStatusCode == 503)

        let consumers = decoded.spans.filter { $0.kind == .consumer }
        let producers = decoded.spans.filter { $0.kind == .producer }
        #expect(consumers.count == 2 && consumers.allSatisfy { $0.parentSpanID.isZero && $0.links.count == 1 })
        #expect(Set(consumers.compactMap(\.links.first?.spanID)) == Set(producers.map(\.spanID)))
        #expect(producers.allSatisfy { $0.messagingSystem == "rabbitmq" })
        #expect(decoded.spans.first { $0.name == "POST /charges" }?.serverAddress == "payments.example.com")
        #expect(decoded.spans.filter { $0.name == "GET /checkout" }.allSatisfy { $0.parentSpanID.isZero && $0.kind == .server })
    }

    static func sample(service: String? = "api-service") -> OTLPExport {
        let trace = TraceID(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10)
        let linkTrace = TraceID(high: 7, low: 8)
        return OTLPExport(resources: [OTLPExport.ResourceSpans(service: service, attributes: [.init("host.name", .string("h1"))], spans: [
            .init(traceID: trace, spanID: SpanID(0xAABB), parentSpanID: SpanID(0xCC), name: "GET /users", kind: .server,
                  startNanos: 1_700_000_000_000_000_000, endNanos: 1_700_000_000_250_000_000,
                  attributes: [.init("http.response.status_code", .int(503)), .init("retries", .double(1.5)), .init("cached", .bool(false))],
                  isError: true),
            .init(traceID: trace, spanID: SpanID(0xDD), name: "query", kind: .client, startNanos: 1, endNanos: 2,
                  attributes: [.init("db.system", .string("postgresql")), .init("db.name", .string("users")),
                               .init("peer.service", .string("postgres")), .init("server.address", .string("db.internal"))]),
            .init(traceID: trace, spanID: SpanID(0xEE), name: "consume", kind: .consumer, startNanos: 1, endNanos: 2,
                  attributes: [.init("messaging.system", .string("rabbitmq")), .init("http.status_code", .string("200"))],
                  links: [Span.Link(traceID: linkTrace, spanID: SpanID(9))]),
        ])])
    }

    static func expectSample(_ decoded: DecodedSpans) {
        #expect(decoded.rejected == 0)
        #expect(decoded.spans.count == 3)
        let server = decoded.spans[0]
        #expect(server.traceID == TraceID(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10))
        #expect(server.traceID.description == "0102030405060708090a0b0c0d0e0f10")
        #expect(server.spanID == SpanID(0xAABB) && server.parentSpanID == SpanID(0xCC))
        #expect(server.service == "api-service" && server.name == "GET /users" && server.kind == .server)
        #expect(server.durationSeconds == 0.25 && server.isError && server.httpStatusCode == 503)
        let client = decoded.spans[1]
        #expect(client.databaseSystem == "postgresql" && client.databaseName == "users" && client.peerService == "postgres")
        #expect(client.serverAddress == "db.internal" && client.parentSpanID.isZero && !client.isError)
        let consumer = decoded.spans[2]
        #expect(consumer.messagingSystem == "rabbitmq" && consumer.httpStatusCode == 200)
        #expect(consumer.links == [Span.Link(traceID: TraceID(high: 7, low: 8), spanID: SpanID(9))])
    }

    @Test func protobufRoundTrips() throws {
        Self.expectSample(try OTLPProtobufDecoder.decode(Self.sample().protobuf()))
    }

    @Test func jsonRoundTrips() throws {
        Self.expectSample(try OTLPJSONDecoder.decode(Self.sample().json()))
    }

    /// `service.version` of the resource is every span's version, cut at 128 characters.
    @Test func theResourcesVersionIsEverySpansVersion() throws {
        var export = Self.sample()
        export.resources[0].attributes.append(.init("service.version", .string("2.4.0")))
        export.resources.append(Self.sample(service: "worker").resources[0])
        export.resources[1].attributes.append(.init("service.version", .string(String(repeating: "v", count: 300))))
        for decoded in [try OTLPProtobufDecoder.decode(export.protobuf()), try OTLPJSONDecoder.decode(export.json())] {
            #expect(decoded.spans.filter { $0.service == "api-service" }.allSatisfy { $0.version == "2.4.0" })
            #expect(decoded.spans.filter { $0.service == "worker" }.allSatisfy { $0.version?.count == 128 })
        }
        #expect(try OTLPJSONDecoder.decode(Self.sample().json()).spans.allSatisfy { $0.version == nil })
    }

    @Test func jsonAcceptsEnumNamesNumbersAndUppercaseIDs() throws {
        let json = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}}]},
             "scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
               "name":"GET /","kind":"SPAN_KIND_SERVER","startTimeUnixNano":1544712660000000000,
               "endTimeUnixNano":"1544712661000000000","status":{"code":"STATUS_CODE_ERROR"}}]}]}]}
            """
        let span = try #require(try OTLPJSONDecoder.decode(Data(json.utf8)).spans.first)
        #expect(span.kind == .server && span.isError && span.durationSeconds == 1)
        #expect(span.traceID.description == "5b8efff798038103d269b633813fc60c")
    }

    @Test func spansWithoutAServiceOrWithBadIDsAreRejectedAndCounted() throws {
        var export = Self.sample(service: nil)
        export.resources.append(Self.sample().resources[0])
        export.resources[1].spans[0].traceID = TraceID(high: 0, low: 0)
        for decoded in [try OTLPProtobufDecoder.decode(export.protobuf()), try OTLPJSONDecoder.decode(export.json())] {
            #expect(decoded.spans.count == 2)
            #expect(decoded.missingService == 3 && decoded.invalidIdentifiers == 1 && decoded.rejected == 4)
            #expect(decoded.rejectionMessage == "rejected 4 spans: 3 without a resource service.name, 1 with an invalid trace or span id")
        }
    }

    @Test(arguments: [
        [UInt8]([0x0A, 0xFF, 0x01]),            // field 1, length 255, but only 1 byte follows
        [UInt8]([0x0A, 0x02, 0x12]),            // truncated nested message
        [UInt8]([0x0B]),                        // a group, never used by OTLP
        [UInt8](repeating: 0xFF, count: 11),    // a varint that never ends
        [UInt8]([0x00, 0x01]),                  // field number 0
    ])
    func malformedProtobufIsRefused(_ bytes: [UInt8]) {
        #expect(throws: OTLPDecodingError.self) { try OTLPProtobufDecoder.decode(bytes) }
    }

    @Test func randomBytesNeverCrashTheDecoder() {
        var generator = SystemRandomNumberGenerator()
        let valid = Self.sample().protobuf()
        for _ in 0..<2_000 {
            var bytes = valid
            for _ in 0..<4 { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            _ = try? OTLPProtobufDecoder.decode(bytes)
        }
    }

    @Test(arguments: ["[1,2]", "not json", #"{"resourceSpans":{}}"#, #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"soon"}]}]}]}"#])
    func malformedJSONIsRefused(_ text: String) {
        #expect(throws: OTLPDecodingError.self) { try OTLPJSONDecoder.decode(Data(text.utf8)) }
    }

    @Test func anEmptyRequestHasNoSpans() throws {
        #expect(try OTLPProtobufDecoder.decode([UInt8]()).spans.isEmpty)
        #expect(try OTLPJSONDecoder.decode(Data("{}".utf8)).spans.isEmpty)
    }

    @Test func responsesFollowTheOTLPSpecification() throws {
        #expect(OTLPResponses.exportProtobuf(rejected: 0, message: "").isEmpty)
        #expect(OTLPResponses.exportProtobuf(rejected: 2, message: "x") == [0x0A, 0x05, 0x08, 0x02, 0x12, 0x01, 0x78])
        #expect(String(decoding: OTLPResponses.exportJSON(rejected: 0, message: ""), as: UTF8.self) == "{}")
        #expect(String(decoding: OTLPResponses.exportJSON(rejected: 2, message: "x"), as: UTF8.self)
            == #"{"partialSuccess":{"errorMessage":"x","rejectedSpans":"2"}}"#)
        #expect(OTLPResponses.statusProtobuf(code: 3, message: "bad") == [0x08, 0x03, 0x12, 0x03, 0x62, 0x61, 0x64])
    }
}
