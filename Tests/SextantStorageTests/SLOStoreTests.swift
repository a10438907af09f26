import Foundation
import Testing
import SextantCore
import SextantStorage
import SextantTestSupport

@Suite("SLO store and rollup series")
struct SLOStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func slo(_ name: String, objective: Double = 99.9) -> ServiceLevelObjective {
        ServiceLevelObjective(service: "checkout", name: name, objective: objective, indicator: .availability(.service, bad: .error))
    }

    @Test(arguments: TestBackend.available)
    func objectivesAreCreatedReplacedAppliedAndDeleted(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLSLOStore(engine: engine)
            #expect(try await store.create(Self.slo("availability"), at: Self.t0))
            #expect(try await !store.create(Self.slo("availability", objective: 90), at: Self.t0))
            #expect(try await store.get("checkout-availability")?.slo.objective == 99.9)
            #expect(try await !store.put(Self.slo("availability", objective: 99.5), at: Self.t0.addingTimeInterval(10)))
            let stored = try #require(try await store.get("checkout-availability"))
            #expect(stored.slo.objective == 99.5 && stored.createdAt == Self.t0 && stored.updatedAt == Self.t0.addingTimeInterval(10))

            let applied = try await store.apply([Self.slo("availability", objective: 99.5), Self.slo("latency")], at: Self.t0)
            #expect(applied.created == ["checkout-latency"] && applied.unchanged == ["checkout-availability"] && applied.updated.isEmpty)
            #expect(try await store.list().map(\.slo.id) == ["checkout-availability", "checkout-latency"])
            // A listing decodes again what changed since the last one.
            #expect(try await !store.put(Self.slo("latency", objective: 95), at: Self.t0))
            #expect(try await store.list().map(\.slo.objective) == [99.5, 95])

            var machine = AlertStateMachine()
            _ = machine.evaluate(isActive: true, at: Self.t0, pendingFor: 0)
            try await store.saveAlertStates([
                SLOAlertRecord(sloID: "checkout-latency", condition: "burn-rate-page-1h-5m", severity: .page, machine: machine,
                               value: 20, evaluatedAt: Self.t0),
                SLOAlertRecord(sloID: "gone", condition: "burn-rate-page-1h-5m", severity: .page, machine: machine, value: 1, evaluatedAt: Self.t0),
            ])
            let states = try await store.alertStates(of: nil)
            #expect(states.count == 1)
            #expect(states.first?.machine == machine && states.first?.value == 20)
            #expect(try await store.delete("checkout-latency"))
            #expect(try await !store.delete("checkout-latency"))
            #expect(try await store.alertStates(of: "checkout-latency").isEmpty)
        }
    }

    /// Listings are answered from memory while no objective has changed: two stores over one
    /// database (two replicas) each see the other's creates, updates and deletes at once, and a
    /// row edited behind the store's back is seen only once a change raises the revision.
    @Test(arguments: TestBackend.available)
    func listingsFollowEveryReplicasChangesAndReadNothingWhileUnchanged(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let (first, second) = (SQLSLOStore(engine: engine), SQLSLOStore(engine: engine))
            #expect(try await first.create(Self.slo("availability"), at: Self.t0))
            #expect(try await second.list().map(\.slo.id) == ["checkout-availability"])
            #expect(try await first.list().map(\.slo.id) == ["checkout-availability"])
            _ = try await second.apply([Self.slo("latency")], at: Self.t0)
            #expect(try await first.list().map(\.slo.id) == ["checkout-availability", "checkout-latency"])
            #expect(try await !second.put(Self.slo("availability", objective: 99.5), at: Self.t0))
            #expect(try await first.list().map(\.slo.objective) == [99.5, 99.9])
            #expect(try await second.delete("checkout-latency"))
            #expect(try await first.list().map(\.slo.id) == ["checkout-availability"])

            // Unchanged: the listing in memory answers, not the rows.
            let edited = try Self.encoded(Self.slo("availability", objective: 90))
            try await engine.write { database in
                try await database.raw("UPDATE slos SET definition = \(bind: edited) WHERE id = 'checkout-availability'").run()
            }
            #expect(try await first.list().map(\.slo.objective) == [99.5])
            #expect(try await first.create(Self.slo("errors"), at: Self.t0))
            #expect(try await first.list().map(\.slo.objective) == [90, 99.9])
            #expect(try await second.list().map(\.slo.objective) == [90, 99.9])
        }
    }

    static func encoded(_ slo: ServiceLevelObjective) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(slo), as: UTF8.self)
    }

    @Test(arguments: TestBackend.available)
    func seriesAreSummedPerBucketAndOrdered(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLRollupStore(engine: engine)
            var delta = RollupDelta()
            var histogram = LatencyHistogram()
            histogram.record(0.02)
            for (bucket, operation, kind, requests, errors) in [
                (Int64(1_800_000_060), "GET /a", SpanKind.server, Int64(10), Int64(1)),
                (1_800_000_060, "GET /b", .server, 5, 0),
                (1_800_000_000, "GET /a", .server, 3, 3),
                (1_800_000_000, "call", .client, 100, 50),
            ] {
                delta.operations[OperationKey(service: "checkout", operation: operation, kind: kind, bucket: bucket)] =
                    OperationRollup(requests: requests, errors: errors, serverErrors: 0, latency: histogram)
            }
            delta.edges[EdgeKey(client: "checkout", server: "auth", connectionType: .direct, bucket: 1_800_000_000)] =
                EdgeRollup(requests: 4, errors: 2, serverLatency: histogram, clientLatency: LatencyHistogram())
            try await store.commit(delta, at: Self.t0)
            _ = try await store.foldPending()

            let served = try await store.operationSeries(.init(service: "checkout", kinds: [.server, .consumer]), from: 0, to: 2_000_000_000)
            #expect(served.map(\.bucket) == [1_800_000_000, 1_800_000_060])
            #expect(served.map(\.rollup.requests) == [3, 15] && served.map(\.rollup.errors) == [3, 1])
            #expect(served.allSatisfy { $0.length == 60 })
            // Read with the buckets before an hour summed into their hours.
            let hourly = try await store.operationSeries(.init(service: "checkout", kinds: [.server], hoursBefore: 1_800_003_600), from: 0, to: 2_000_000_000)
            #expect(hourly.map(\.bucket) == [1_800_000_000] && hourly.map(\.length) == [3_600] && hourly.map(\.rollup.requests) == [18])
            #expect(hourly.first?.rollup.latency.count == 3, "the histograms are summed too")
            // Only whole hours are read as hours: the hour `hoursBefore` falls in is read as minutes.
            let split = try await store.operationSeries(.init(service: "checkout", kinds: [.server], hoursBefore: 1_800_000_060), from: 0, to: 2_000_000_000)
            #expect(split.map(\.bucket) == [1_800_000_000, 1_800_000_060] && split.map(\.length) == [60, 60])
            #expect(split.map(\.rollup.errors) == [3, 1])
            let one = try await store.operationSeries(.init(service: "checkout", operation: "GET /b"), from: 0, to: 2_000_000_000)
            #expect(one.map(\.rollup.requests) == [5])
            let edges = try await store.edgeSeries(client: "checkout", server: nil, from: 0, to: 2_000_000_000)
            #expect(edges["auth"]?.map(\.rollup.errors) == [2])
            #expect(try await store.edgeSeries(client: "checkout", server: "db", from: 0, to: 2_000_000_000).isEmpty)
        }
    }

    /// Hours where a window starts are read as minutes among the hours read as hours: every
    /// minute once, and the sums as read minute by minute.
    @Test(arguments: TestBackend.available)
    func hoursWhereAWindowStartsAreReadAsMinutes(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLRollupStore(engine: engine)
            let hour: Int64 = 1_800_000_000
            var delta = RollupDelta()
            for minute in stride(from: hour, to: hour + 5 * 3_600, by: 1_200) {
                delta.operations[OperationKey(service: "checkout", operation: "GET /a", kind: .server, bucket: minute)] =
                    OperationRollup(requests: 10, errors: minute % 3_600 == 0 ? 2 : 0, serverErrors: 0, latency: LatencyHistogram())
            }
            try await store.commit(delta, at: Self.t0)
            _ = try await store.foldPending()
            let minutes = try await store.operationSeries(.init(service: "checkout"), from: 0, to: 2_000_000_000)
            let query = OperationSeriesQuery(service: "checkout", hoursBefore: hour + 4 * 3_600, minuteHours: [hour + 3_600, hour + 7_200, hour])
            let mixed = try await store.operationSeries(query, from: hour + 600, to: 2_000_000_000)
            // The first hour is not whole in the read, the next two are kept as minutes, the
            // fourth is an hour, the fifth is after `hoursBefore`.
            #expect(mixed.map { ($0.bucket - hour) / 60 } == [20, 40, 60, 80, 100, 120, 140, 160, 180, 240, 260, 280])
            #expect(mixed.map(\.length) == Array(repeating: 60, count: 8) + [3_600] + Array(repeating: 60, count: 3))
            #expect(mixed[8].rollup.requests == 30 && mixed[8].rollup.errors == 2)
            func totals(_ rows: some Sequence<TimedRollup<OperationRollup>>) -> [Int64] {
                rows.reduce(into: [0, 0]) { $0[0] += $1.rollup.requests; $0[1] += $1.rollup.errors }
            }
            #expect(totals(minutes.dropFirst()) == totals(mixed))
        }
    }

    @Test(arguments: TestBackend.available)
    func manyAlertStatesAreSavedInBatchesAndTheRevisionFollowsEveryWrite(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLSLOStore(engine: engine)
            _ = try await store.apply((0..<30).map { Self.slo("objective-\($0)") }, at: Self.t0)
            let empty = try await store.alertStatesRevision()
            #expect(empty == SLOAlertStatesRevision(states: 0, newest: 0))
            var firing = AlertStateMachine()
            _ = firing.evaluate(isActive: true, at: Self.t0, pendingFor: 0)
            // More rows than one statement carries, and one of an objective that is gone.
            let records = (0..<30).flatMap { objective in
                (0..<40).map { condition in
                    SLOAlertRecord(sloID: "checkout-objective-\(objective)", condition: "condition-\(condition)", severity: .ticket,
                                   machine: condition % 2 == 0 ? firing : AlertStateMachine(), value: Double(condition), evaluatedAt: Self.t0)
                }
            } + [SLOAlertRecord(sloID: "gone", condition: "c", severity: .page, machine: firing, value: nil, evaluatedAt: Self.t0)]
            let saved = try await store.saveAlertStates(records)
            #expect(saved == SLOAlertStatesRevision(states: 1_200, newest: Int64(Self.t0.timeIntervalSince1970 * 1_000)))
            #expect(try await store.alertStatesRevision() == saved)
            let stored = try await store.alertStates(of: nil)
            #expect(stored.count == 1_200)
            #expect(Set(stored.map { "\($0.sloID)/\($0.condition)/\($0.machine.phase)/\($0.value ?? -1)" })
                == Set(records.dropLast().map { "\($0.sloID)/\($0.condition)/\($0.machine.phase)/\($0.value ?? -1)" }))

            // Saving again replaces; a later evaluation moves the revision.
            let later = Self.t0.addingTimeInterval(30)
            let resaved = try await store.saveAlertStates([SLOAlertRecord(
                sloID: "checkout-objective-0", condition: "condition-0", severity: .ticket, machine: AlertStateMachine(), value: 0, evaluatedAt: later
            )])
            #expect(resaved == SLOAlertStatesRevision(states: 1_200, newest: Int64(later.timeIntervalSince1970 * 1_000)))
            #expect(try await store.alertStates(of: "checkout-objective-0").first { $0.condition == "condition-0" }?.machine.phase == .inactive)
            // Changing or deleting an objective forgets its states, which the revision shows.
            #expect(try await !store.put(Self.slo("objective-1", objective: 99), at: later))
            #expect(try await store.alertStatesRevision().states == 1_160)
            #expect(try await store.delete("checkout-objective-2"))
            #expect(try await store.alertStatesRevision().states == 1_120)
        }
    }

    @Test(arguments: TestBackend.available)
    func everyServiceReadTogetherAsEachReadAlone(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLRollupStore(engine: engine)
            var delta = RollupDelta()
            var histogram = LatencyHistogram()
            histogram.record(0.2)
            let services = (0..<40).map { "service-\($0)" }
            for (index, service) in services.enumerated() {
                for minute in 0..<3 where (index + minute) % 4 != 0 {
                    for (operation, kind) in [("GET /", SpanKind.server), ("GET /other", .server), ("call", .client)] {
                        delta.operations[OperationKey(service: service, operation: operation, kind: kind, bucket: 1_800_000_000 + Int64(minute) * 60)] =
                            OperationRollup(requests: Int64(index + minute + 1), errors: Int64(index % 3), serverErrors: 0, latency: histogram)
                    }
                }
            }
            try await store.commit(delta, at: Self.t0)
            _ = try await store.foldPending()
            func text(_ rows: [TimedRollup<OperationRollup>]) -> [String] {
                rows.map { "\($0.bucket)/\($0.length)/\($0.rollup.requests)/\($0.rollup.errors)/\($0.rollup.latency.count)" }
            }
            for query in [OperationSeriesQuery(service: "", kinds: [.server, .consumer]), OperationSeriesQuery(service: "", operation: "GET /other")] {
                let together = try await store.operationSeriesOfEveryService(like: query, from: 1_800_000_060, to: 2_000_000_000)
                #expect(Set(together.keys) == Set(services))
                for service in services {
                    var alone = query
                    alone.service = service
                    let single = try await store.operationSeries(alone, from: 1_800_000_060, to: 2_000_000_000)
                    #expect(text(together[service] ?? []) == text(single), "\(service)")
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func measuredReadsSumWhatTheyMeasureAlone(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLRollupStore(engine: engine)
            var delta = RollupDelta()
            // Two hours of minutes, two operations, latencies all over the histogram.
            for minute in Int64(0)..<120 {
                for (index, operation) in ["GET /a", "GET /b"].enumerated() {
                    var histogram = LatencyHistogram()
                    for sample in 0..<Int(minute % 7 + 1) { histogram.record([0.0004, 0.02, 0.3, 0.7, 1.5, 40][(sample + index) % 6]) }
                    delta.operations[OperationKey(service: "checkout", operation: operation, kind: .server, bucket: 1_800_000_000 + minute * 60)] =
                        OperationRollup(requests: minute + 3, errors: minute % 3, serverErrors: minute % 2, latency: histogram)
                }
            }
            try await store.commit(delta, at: Self.t0)
            _ = try await store.foldPending()
            let whole = OperationSeriesQuery(service: "checkout", kinds: [.server], hoursBefore: 1_800_003_600)
            var measured = whole
            for indicators: [SLOIndicator] in [
                [.availability(.service, bad: .error), .latency(.service, thresholdSeconds: 0.3)], [.availability(.service, bad: .http5xx)],
                [.latency(.service, thresholdSeconds: 1)],
            ] {
                measured.measures = SLOIndicator.measures(of: indicators)
                let expected = try await store.operationSeries(whole, from: 0, to: 2_000_000_000)
                let read = try await store.operationSeries(measured, from: 0, to: 2_000_000_000)
                #expect(expected.first?.length == 3_600 && expected.count == 61)
                #expect(read.map(\.bucket) == expected.map(\.bucket) && read.map(\.length) == expected.map(\.length))
                #expect(read.map(\.rollup) == expected.map { $0.rollup.measured(measured.measures) }, "\(indicators)")
                // Every service's series, measured alike.
                let everyService = try await store.operationSeriesOfEveryService(like: measured, from: 1_800_003_600, to: 2_000_000_000)
                #expect(everyService["checkout"]?.map(\.rollup) == read.dropFirst().map(\.rollup))
            }
        }
    }
}
