import Foundation
import SQLKit
import Testing
import SextantCore
import SextantStorage
import SextantTestSupport

@Suite("Deployment store")
struct DeploymentStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func record(_ id: String, service: String = "checkout", phase: String = "pending", active: Bool = true, at offset: Double = 0) -> DeploymentRecord {
        DeploymentRecord(id: id, service: service, version: "v-\(id)", stableVersion: "v1", strategy: "canary", spec: "{}",
                         status: DeploymentStatus(phase: phase, rolledBack: false, step: 0, weight: 0, reason: nil, active: active,
                                                  updatedAt: t0.addingTimeInterval(offset), finishedAt: nil),
                         createdBy: "ops", createdAt: t0.addingTimeInterval(offset))
    }

    @Test(arguments: TestBackend.available)
    func oneActiveDeploymentPerServiceAndEventsTakeTurns(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLDeploymentStore(engine: engine)
            try await store.create(Self.record("d1"))
            await #expect(throws: StoreError.self) { try await store.create(Self.record("d2", at: 1)) }
            try await store.create(Self.record("c1", service: "cart", at: 2))
            try await store.create(Self.record("r1", phase: "succeeded", active: false, at: 3))   // a recorded release

            // Two writers with the same view: the first appends, the second is told to read again.
            let running = DeploymentStatus(phase: "progressing", rolledBack: false, step: 1, weight: 10, reason: nil, active: true,
                                           updatedAt: Self.t0.addingTimeInterval(5), finishedAt: nil)
            #expect(try await store.append(event: "\"start\"", at: Self.t0.addingTimeInterval(5), to: "d1", expectedCount: 0, status: running))
            #expect(try await store.append(event: "\"pause\"", at: Self.t0.addingTimeInterval(5), to: "d1", expectedCount: 0, status: running) == false)
            let done = DeploymentStatus(phase: "succeeded", rolledBack: false, step: 4, weight: 100, reason: nil, active: false,
                                        updatedAt: Self.t0.addingTimeInterval(9), finishedAt: Self.t0.addingTimeInterval(9))
            #expect(try await store.append(event: "\"tick\"", at: Self.t0.addingTimeInterval(9), to: "d1", expectedCount: 1, status: done))
            #expect(try await store.events(of: "d1").map(\.event) == ["\"start\"", "\"tick\""])
            #expect(try await store.deployment(id: "d1")?.status == done)
            #expect(try await store.deployment(id: "d1")?.eventCount == 2)

            // Finished, the service is free again; lists filter and go newest first.
            try await store.create(Self.record("d3", at: 10))
            #expect(try await store.activeDeployments().map(\.id) == ["c1", "d3"])
            #expect(try await store.deployments(matching: DeploymentQuery(service: "checkout")).map(\.id) == ["d3", "r1", "d1"])
            #expect(try await store.deployments(matching: DeploymentQuery(phase: "succeeded")).map(\.id) == ["r1", "d1"])
            #expect(try await store.deployments(matching: DeploymentQuery(since: Self.t0.addingTimeInterval(2), limit: 2)).map(\.id) == ["d3", "r1"])
            #expect(try await store.lastSucceeded(service: "checkout")?.id == "r1")

            let measurement = StoredMeasurement(run: 1, metric: 0, sequence: 1, at: Self.t0.addingTimeInterval(6), value: 0.02, phase: "successful", message: nil)
            try await store.record(measurement, of: "d1")
            try await store.record(measurement, of: "d1")   // a repeat is kept once
            try await store.record(StoredMeasurement(run: -1, metric: 0, sequence: 1, at: Self.t0.addingTimeInterval(7), value: nil,
                                                     phase: "inconclusive", message: "no data (0 requests)"), of: "d1")
            let measured = try await store.measurements(of: "d1")
            #expect(measured.count == 2 && measured.first == measurement && measured.last?.value == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func gateEvaluationsFoldRunsOfTheSameOutcomeAndCountEveryOne(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLDeploymentStore(engine: engine)
            let freeze = [GateFailure(gate: "freeze", reason: "inside the freeze window always", path: ["api"])]
            let outcomes: [[GateFailure]] = [freeze, freeze, freeze, [], [], freeze]
            for (index, failures) in outcomes.enumerated() {
                try await store.recordGateEvaluation(of: "d1", failures: failures, at: Self.t0.addingTimeInterval(Double(index)))
            }
            try await store.recordGateEvaluation(of: "w1/gate", failures: [], at: Self.t0)
            let log = try await store.gateEvaluations(of: "d1", limit: 50)
            #expect(log.map(\.evaluations) == [3, 2, 1] && log.map(\.passed) == [false, true, false])
            #expect(log[0].failures == freeze && log[0].firstAt == Self.t0 && log[0].lastAt == Self.t0.addingTimeInterval(2))
            #expect(try await store.gateEvaluations(of: "d1", limit: 2).map(\.evaluations) == [2, 1])   // the newest, oldest first
            #expect(try await store.gateEvaluations(of: "w1/gate", limit: 50).map(\.evaluations) == [1])
        }
    }

    @Test(arguments: TestBackend.available)
    func versionRollupsAddUpPerVersion(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLRollupStore(engine: engine)
            var delta = RollupDelta()
            let bucket = RollupDelta.minuteBucket(Self.t0.timeIntervalSince1970)
            for index in 0..<30 {
                var span = Span(traceID: TraceID(high: 1, low: UInt64(index)), spanID: SpanID(UInt64(index + 1)), service: "checkout", name: "GET /",
                                kind: .server, startNanos: 0, endNanos: 50_000_000, isError: index % 10 == 0)
                span.version = index < 20 ? "v1" : "v2"
                delta.record(span, bucket: bucket)
            }
            // A client span and a span without a version are not a version's requests.
            delta.record(Span(traceID: TraceID(high: 2, low: 1), spanID: SpanID(99), service: "checkout", name: "db", kind: .client,
                              startNanos: 0, endNanos: 1), bucket: bucket)
            try await store.commit(delta, at: Self.t0)
            try await store.commit(delta, at: Self.t0)
            let versions = try await store.versions(of: "checkout", from: bucket, to: bucket + 60)
            #expect(versions["v1"]?.requests == 40 && versions["v1"]?.errors == 4)
            #expect(versions["v2"]?.requests == 20 && versions["v2"]?.errors == 2)
            #expect(versions.count == 2)
            #expect(try await store.versions(of: "checkout", from: bucket + 60, to: bucket + 120).isEmpty)
            // Per operation too: the server spans' operation, not the client's.
            let perOperation = try await store.versions(of: "checkout", operation: "GET /", from: bucket, to: bucket + 60)
            #expect(perOperation["v1"]?.requests == 40 && perOperation["v2"]?.errors == 2)
            #expect(try await store.versions(of: "checkout", operation: "db", from: bucket, to: bucket + 60).isEmpty)
        }
    }
}
