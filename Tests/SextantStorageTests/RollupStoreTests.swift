import Foundation
import Testing
import SextantCore
import SextantStorage
import SextantTestSupport

@Suite("Rollup store")
struct RollupStoreTests {
    @Test(arguments: TestBackend.available)
    func foldingManyLoggedDeltasCountsEachOnce(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLRollupStore(engine: engine)
            let minute: Int64 = 1_700_000_040
            // More deltas than one fold takes, committed from several tasks, folded by several at once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for index in 0..<300 {
                            var delta = RollupDelta()
                            delta.record(Self.span("svc-\(writer)", "op-\(index % 7)", ms: UInt64(index % 50)), bucket: minute)
                            delta.record(Self.edge("svc-\(writer)", "db"), bucket: minute)
                            try await store.commit(delta, at: Date(timeIntervalSince1970: Double(minute + Int64(index))))
                        }
                    }
                }
                for _ in 0..<3 { group.addTask { _ = try await store.foldPending() } }
                try await group.waitForAll()
            }
            try await store.foldPending()
            for writer in 0..<4 {
                let operations = try await store.operations(of: "svc-\(writer)", from: 0, to: .max)
                #expect(operations.values.map(\.requests).reduce(0, +) == 300)
            }
            let edges = try await store.edges(from: 0, to: .max, client: nil, server: "db")
            #expect(edges.values.map(\.requests).reduce(0, +) == 1_200)
            let seen = try await store.observedEdges().first { $0.client == "svc-0" }
            #expect(seen?.firstSeen == Date(timeIntervalSince1970: Double(minute)))
            #expect(seen?.lastSeen == Date(timeIntervalSince1970: Double(minute + 299)))
        }
    }

    static let trace = TraceID(high: 1, low: 2)

    static func span(_ service: String, _ name: String, _ kind: SpanKind = .server, ms: UInt64, error: Bool = false, status: Int? = nil) -> Span {
        Span(traceID: trace, spanID: SpanID(1), service: service, name: name, kind: kind, startNanos: 0, endNanos: ms * 1_000_000,
             isError: error, httpStatusCode: status)
    }

    static func edge(_ client: String, _ server: String, _ type: ConnectionType = .direct, failed: Bool = false, client seconds: Double? = 0.02) -> EdgeObservation {
        EdgeObservation(client: client, server: server, connectionType: type, isFailed: failed, clientSeconds: seconds, serverSeconds: 0.01)
    }

    @Test(arguments: TestBackend.available)
    func commitsAddUpAndWindowsSelectBuckets(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLRollupStore(engine: engine)
            let minute: Int64 = 1_700_000_040
            var first = RollupDelta()
            first.record(Self.span("api-service", "GET /users", ms: 20), bucket: minute)
            first.record(Self.span("api-service", "GET /users", ms: 400, error: true, status: 503), bucket: minute)
            first.record(Self.span("api-service", "query", .client, ms: 2), bucket: minute)
            first.record(Self.edge("frontend", "api-service"), bucket: minute)
            var second = RollupDelta()
            second.record(Self.span("api-service", "GET /users", ms: 30), bucket: minute + 60)
            second.record(Self.edge("frontend", "api-service", failed: true, client: nil), bucket: minute + 60)
            second.record(Self.edge("api-service", "postgres", .database), bucket: minute + 60)
            try await store.commit(first, at: Date(timeIntervalSince1970: Double(minute) + 5))
            try await store.commit(second, at: Date(timeIntervalSince1970: Double(minute) + 65))
            try await store.commit(RollupDelta(), at: Date())
            // A read folds the log first: what was committed before it is in what it reads.
            #expect(try await store.operations(of: "api-service", from: 0, to: .max).count == 2)
            #expect(try await store.foldPending() == 0)
            // A folded view folds nothing more: what is committed after it is not in its reads,
            // and the store's next read has it.
            let view = try await store.foldedView()
            var third = RollupDelta()
            third.record(Self.span("late-service", "GET /", ms: 1), bucket: minute)
            try await store.commit(third, at: Date(timeIntervalSince1970: Double(minute) + 70))
            #expect(try await view.observedServices().map(\.name).sorted() == ["api-service"])
            #expect(try await store.observedServices().map(\.name).sorted() == ["api-service", "late-service"])

            let operations = try await store.operations(of: "api-service", from: minute, to: minute + 120)
            let users = try #require(operations[OperationIdentity(operation: "GET /users", kind: .server)])
            #expect(users.requests == 3 && users.errors == 1 && users.serverErrors == 1)
            #expect(users.latency.count == 3 && abs(users.latency.sum - 0.45) < 1e-9)
            #expect(users.latency.counts[LatencyHistogram.bucket(for: 0.4)] == 1)
            #expect(operations[OperationIdentity(operation: "query", kind: .client)]?.requests == 1)
            let lastMinute = try await store.operations(of: "api-service", from: minute + 60, to: minute + 120)
            #expect(lastMinute[OperationIdentity(operation: "GET /users", kind: .server)]?.requests == 1)
            #expect(try await store.operations(of: "nobody", from: 0, to: .max).isEmpty)

            let edges = try await store.edges(from: minute, to: minute + 120, client: "frontend", server: nil)
            let call = try #require(edges[EdgeIdentity(client: "frontend", server: "api-service", connectionType: .direct)])
            #expect(call.requests == 2 && call.errors == 1)
            #expect(call.serverLatency.count == 2 && call.clientLatency.count == 1)
            let all = try await store.edges(from: 0, to: .max, client: nil, server: nil)
            #expect(all.count == 2 && all[EdgeIdentity(client: "api-service", server: "postgres", connectionType: .database)]?.requests == 1)

            let observed = try await store.observedEdges()
            #expect(observed.map { "\($0.client)->\($0.server)" } == ["api-service->postgres", "frontend->api-service"])
            let frontend = try #require(observed.last)
            #expect(frontend.firstSeen == Date(timeIntervalSince1970: Double(minute) + 5))
            #expect(frontend.lastSeen == Date(timeIntervalSince1970: Double(minute) + 65))
            #expect(try await store.observedServices().map(\.name) == ["api-service", "late-service"])
        }
    }

    @Test(arguments: TestBackend.available)
    func retentionFoldsMinutesIntoHoursWithoutLosingCounts(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLRollupStore(engine: engine)
            let day: Int64 = 86_400
            let now: Int64 = 1_700_006_400  // an hour boundary
            // 3 spans in each of 180 minutes, 10 days ago to 9 days 21 hours ago, and 1 span now.
            var old = RollupDelta()
            for offset in stride(from: 0, to: Int64(180 * 60), by: 60) {
                for ms in [5, 50, 500] as [UInt64] {
                    old.record(Self.span("api-service", "GET /users", ms: ms, error: ms == 500), bucket: now - 10 * day + offset)
                }
                old.record(Self.edge("frontend", "api-service", failed: offset % 120 == 0), bucket: now - 10 * day + offset)
            }
            var recent = RollupDelta()
            recent.record(Self.span("api-service", "GET /users", ms: 5), bucket: now - 60)
            try await store.commit(old, at: Date())
            try await store.commit(recent, at: Date())
            try await store.foldPending()
            let before = try await store.operations(of: "api-service", from: 0, to: now)
            let edgesBefore = try await store.edges(from: 0, to: now, client: nil, server: nil)
            // Read as hours: from the hourly series, the same before and after the minutes are folded.
            let hourly = OperationSeriesQuery(service: "api-service", hoursBefore: now)
            let hoursBefore = try await store.operationSeries(hourly, from: 0, to: now)
            #expect(try await Self.operationHours(engine) == 4)

            let retention = RollupRetention(minuteRetention: 8 * day, hourRetention: 400 * day)
            try await store.applyRetention(retention.pass(at: now))
            try await store.applyRetention(retention.pass(at: now))  // a second pass changes nothing

            let after = try await store.operations(of: "api-service", from: 0, to: now)
            let edgesAfter = try await store.edges(from: 0, to: now, client: nil, server: nil)
            #expect(after.mapValues(\.countsOnly) == before.mapValues(\.countsOnly))
            #expect(edgesAfter.mapValues(\.countsOnly) == edgesBefore.mapValues(\.countsOnly))
            for (key, rollup) in after { #expect(abs(rollup.latency.sum - (before[key]?.latency.sum ?? 0)) < 1e-6) }
            let users = before[OperationIdentity(operation: "GET /users", kind: .server)]
            #expect(users?.requests == 541 && users?.errors == 180)
            let counts = try await engine.read { database in
                try await database.raw("SELECT resolution, COUNT(*) AS n FROM operation_rollups GROUP BY resolution ORDER BY resolution").all()
                    .map { [try $0.decode(column: "resolution", as: Int.self), try $0.decode(column: "n", as: Int.self)] }
            }
            #expect(counts == [[60, 1], [3_600, 3]])
            let hoursAfter = try await store.operationSeries(hourly, from: 0, to: now)
            #expect(hoursAfter.map(\.bucket) == hoursBefore.map(\.bucket) && hoursAfter.allSatisfy { $0.length == 3_600 })
            #expect(hoursAfter.map(\.rollup.countsOnly) == hoursBefore.map(\.rollup.countsOnly))
            #expect(hoursBefore.map(\.rollup.requests) == [180, 180, 180, 1])
            #expect(try await Self.operationHours(engine) == 4, "the hourly series keeps the folded minutes' hours")

            // 399 days later the old hour buckets (409 days old) go; the recent minute is an hour bucket now.
            try await store.applyRetention(retention.pass(at: now + 399 * day))
            let left = try await store.operations(of: "api-service", from: 0, to: .max)
            #expect(left[OperationIdentity(operation: "GET /users", kind: .server)]?.requests == 1)
            #expect(try await Self.operationHours(engine) == 1, "the expired hours go from the hourly series too")
        }
    }
}

extension RollupStoreTests {
    /// The rows of `operation_hours`.
    static func operationHours(_ engine: any SQLEngine) async throws -> Int {
        try await engine.read { database in
            try await database.raw("SELECT COUNT(*) AS n FROM operation_hours").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}

extension OperationRollup {
    /// Every count, without the floating-point sum (which re-adding may round differently).
    var countsOnly: [Int64] { [requests, errors, serverErrors] + latency.counts }
}

extension EdgeRollup {
    var countsOnly: [Int64] { [requests, errors] + serverLatency.counts + clientLatency.counts }
}
