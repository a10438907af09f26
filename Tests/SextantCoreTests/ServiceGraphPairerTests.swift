import Foundation
import Testing
import SextantCore

@Suite("Service graph pairing")
struct ServiceGraphPairerTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    let trace = TraceBuilder()

    func run(_ steps: [(seconds: Double, span: Span?)], pairer: inout ServiceGraphPairer) -> PairingEvents {
        var events = PairingEvents()
        for step in steps {
            let now = t0.addingTimeInterval(step.seconds)
            pairer.expire(at: now, into: &events)
            if let span = step.span { pairer.observe(span, at: now, into: &events) }
        }
        return events
    }

    @Test func clientThenServerMakeOneEdgeWithBothLatencies() {
        var pairer = ServiceGraphPairer()
        let events = run([
            (0, trace.span(1, "frontend", .client, ms: 30)),
            (1, trace.span(2, parent: 1, "api-service", .server, ms: 20)),
        ], pairer: &pairer)
        #expect(events.edges == [EdgeObservation(client: "frontend", server: "api-service", connectionType: .direct,
                                                 isFailed: false, clientSeconds: 0.03, serverSeconds: 0.02)])
        #expect(pairer.pendingCount == 0)
    }

    @Test func serverFirstWaitsForItsClient() {
        var pairer = ServiceGraphPairer()
        let events = run([
            (0, trace.span(2, parent: 1, "api-service", .server, error: true)),
            (3, trace.span(1, "frontend", .client)),
        ], pairer: &pairer)
        #expect(events.edges.map { "\($0.client)->\($0.server) failed=\($0.isFailed)" } == ["frontend->api-service failed=true"])
    }

    @Test func producerAndConsumerAreAMessagingEdgeEvenAcrossTracesThroughALink() {
        var pairer = ServiceGraphPairer()
        let producer = trace.span(7, "api-service", .producer, messaging: "rabbitmq")
        var otherTrace = TraceBuilder()
        otherTrace.trace = TraceID(high: 0xC, low: 0xD)
        let consumer = otherTrace.span(1, "worker-service", .consumer, links: [Span.Link(traceID: producer.traceID, spanID: producer.spanID)])
        let events = run([(0, consumer), (2, producer)], pairer: &pairer)
        #expect(events.edges.count == 1)
        #expect(events.edges.first?.connectionType == .messagingSystem)
        #expect(events.edges.first.map { "\($0.client)->\($0.server)" } == "api-service->worker-service")
    }

    @Test func aConsumerWhoseParentIsTheProducerPairsThroughTheParent() {
        var pairer = ServiceGraphPairer()
        let events = run([
            (0, trace.span(7, "api-service", .producer)),
            (1, trace.span(8, parent: 7, "worker-service", .consumer)),
        ], pairer: &pairer)
        #expect(events.edges.first?.connectionType == .messagingSystem)
    }

    @Test func databaseCallsCompleteAtOnceNamedByTheMostSpecificAttribute() {
        var pairer = ServiceGraphPairer()
        let events = run([
            (0, trace.span(1, "api-service", .client, peer: "postgres", address: "db.internal", db: "postgresql")),
            (0, trace.span(2, "api-service", .client, address: "db.internal", db: "postgresql")),
            (0, trace.span(3, "api-service", .client, db: "redis")),
            (0, trace.span(4, "auth-service", .client, dbName: "users")),
        ], pairer: &pairer)
        #expect(events.edges.map(\.server) == ["postgres", "db.internal", "redis", "users"])
        #expect(events.edges.allSatisfy { $0.connectionType == .database && $0.serverSeconds == nil && $0.clientSeconds == 0.01 })
        #expect(pairer.pendingCount == 0)
    }

    @Test func aRootServerSpanIsCalledByUser() {
        var pairer = ServiceGraphPairer()
        let events = run([(0, trace.span(1, "frontend", .server, ms: 40))], pairer: &pairer)
        #expect(events.edges == [EdgeObservation(client: "user", server: "frontend", connectionType: .virtualNode,
                                                 virtualSide: .client, isFailed: false, clientSeconds: nil, serverSeconds: 0.04)])
    }

    @Test func unpairedClientsBecomeVirtualNodesAfterTheWaitAndNotBefore() {
        var pairer = ServiceGraphPairer(configuration: .init(wait: 10))
        var events = run([
            (0, trace.span(1, "worker-service", .client, address: "api.payments.example")),
            (1, trace.span(2, "worker-service", .client)),
            (9.9, nil),
        ], pairer: &pairer)
        #expect(events.edges.isEmpty)
        #expect(pairer.pendingCount == 2)
        pairer.expire(at: t0.addingTimeInterval(11), into: &events)
        #expect(events.edges == [EdgeObservation(client: "worker-service", server: "api.payments.example", connectionType: .virtualNode,
                                                 virtualSide: .server, isFailed: false, clientSeconds: 0.01, serverSeconds: nil)])
        #expect(events.expiredEdges == [.virtualNode: 1, .unpairedClient: 1])
        #expect(pairer.pendingCount == 0)
    }

    @Test func serversWhoseCallerNeverCameAreCountedAndDropped() {
        var pairer = ServiceGraphPairer(configuration: .init(wait: 5))
        let events = run([(0, trace.span(2, parent: 1, "api-service", .server)), (6, nil)], pairer: &pairer)
        #expect(events.edges.isEmpty)
        #expect(events.expiredEdges == [.unpairedServer: 1])
    }

    @Test func aPairedHalfDoesNotExpireLater() {
        var pairer = ServiceGraphPairer(configuration: .init(wait: 5))
        let events = run([
            (0, trace.span(1, "frontend", .client, peer: "api-service")),
            (1, trace.span(2, parent: 1, "api-service", .server)),
            (30, nil),
        ], pairer: &pairer)
        #expect(events.edges.count == 1)
        #expect(events.expiredEdges.isEmpty)
    }

    @Test func theStoreIsBoundedAndDropsAreCounted() {
        var pairer = ServiceGraphPairer(configuration: .init(wait: 10, maximumPending: 2))
        let events = run([
            (0, trace.span(1, "a", .client)),
            (0, trace.span(2, "a", .client)),
            (0, trace.span(3, "a", .client)),
            (0, trace.span(5, parent: 4, "b", .server)),
        ], pairer: &pairer)
        #expect(pairer.pendingCount == 2)
        #expect(events.droppedSpans == [.storeFull: 2])
    }

    @Test func duplicateHalvesKeepTheFirst() {
        var pairer = ServiceGraphPairer()
        let events = run([(0, trace.span(1, "a", .client, ms: 5)), (0, trace.span(1, "a", .client, ms: 50))], pairer: &pairer)
        #expect(events.droppedSpans == [.duplicate: 1])
        #expect(pairer.pendingCount == 1)
    }

    @Test func internalSpansTakeNoPart() {
        var pairer = ServiceGraphPairer()
        let events = run([(0, trace.span(1, "a", .internal)), (0, trace.span(2, parent: 1, "a", .internal))], pairer: &pairer)
        #expect(events == PairingEvents())
        #expect(pairer.pendingCount == 0)
    }

    @Test func manyTracesPairIndependently() {
        var pairer = ServiceGraphPairer()
        var events = PairingEvents()
        for index in 0..<1_000 {
            var builder = TraceBuilder()
            builder.trace = TraceID(high: UInt64(index), low: 1)
            pairer.observe(builder.span(1, "frontend", .client), at: t0, into: &events)
        }
        for index in (0..<1_000).reversed() {
            var builder = TraceBuilder()
            builder.trace = TraceID(high: UInt64(index), low: 1)
            pairer.observe(builder.span(2, parent: 1, "api-service", .server), at: t0, into: &events)
        }
        #expect(events.edges.count == 1_000)
        #expect(pairer.pendingCount == 0)
    }
}
