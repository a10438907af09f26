import Foundation
import Testing
import SextantCore
import SextantStorage
import SextantTestSupport

@Suite("Job and cluster stores")
struct SchedulerStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: TestBackend.available)
    func aScheduledTickIsClaimedOnceWhateverTheContention(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLJobStore(engine: engine)
            let claims = try await withThrowingTaskGroup(of: Int64?.self) { group in
                for replica in 0..<8 {
                    group.addTask { try await store.claimScheduledRun(job: "rollup-retention", tick: Self.t0, replica: "r\(replica)", at: Self.t0) }
                }
                return try await group.reduce(into: [Int64?]()) { $0.append($1) }
            }
            #expect(claims.compactMap { $0 }.count == 1)
            // Another tick, or another job at the same tick, is claimable.
            #expect(try await store.claimScheduledRun(job: "rollup-retention", tick: Self.t0.addingTimeInterval(60), replica: "r0", at: Self.t0) != nil)
            #expect(try await store.claimScheduledRun(job: "mark-stale-edges", tick: Self.t0, replica: "r0", at: Self.t0) != nil)
            // Manual runs are never deduplicated.
            let first = try await store.startManualRun(job: "rollup-retention", replica: "r1", at: Self.t0)
            let second = try await store.startManualRun(job: "rollup-retention", replica: "r1", at: Self.t0)
            #expect(first != second)
        }
    }

    /// `job_runs` stays bounded: at most N runs of a job and none older than the age, but the
    /// latest always and a run under way never; other jobs are untouched.
    @Test(arguments: TestBackend.available)
    func eachJobKeepsABoundedHistory(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLJobStore(engine: engine)
            var ids: [Int64] = []
            for minute in 0..<12 {
                let at = Self.t0.addingTimeInterval(Double(minute) * 60)
                let id = try #require(try await store.claimScheduledRun(job: "evaluate-slos", tick: at, replica: "r1", at: at))
                if minute != 1 { try await store.finishRun(id: id, outcome: .succeeded, message: nil, at: at.addingTimeInterval(1)) }
                ids.append(id)
            }
            let other = try await store.startManualRun(job: "rollup-retention", replica: "r1", at: Self.t0)
            try await store.finishRun(id: other, outcome: .succeeded, message: nil, at: Self.t0)
            let now = Self.t0.addingTimeInterval(11 * 60)

            // By count: the newest five stay, and the run still under way.
            #expect(try await store.pruneRuns(of: "evaluate-slos", keeping: JobRunHistory(runs: 5, age: 86_400), at: now) == 6)
            #expect(try await store.runs(of: "evaluate-slos", limit: 100).map(\.id) == Array(ids.suffix(5).reversed()) + [ids[1]])
            #expect(try await store.pruneRuns(of: "evaluate-slos", keeping: JobRunHistory(runs: 5, age: 86_400), at: now) == 0)

            // By age: runs started more than 150 s before now go, but the latest stays however old.
            #expect(try await store.pruneRuns(of: "evaluate-slos", keeping: JobRunHistory(runs: 1_000, age: 150), at: now) == 2)
            #expect(try await store.runs(of: "evaluate-slos", limit: 100).map(\.id) == [ids[11], ids[10], ids[9], ids[1]])
            #expect(try await store.pruneRuns(of: "evaluate-slos", keeping: JobRunHistory(runs: 1_000, age: 1), at: now.addingTimeInterval(3_600)) == 2)
            #expect(try await store.runs(of: "evaluate-slos", limit: 100).map(\.id) == [ids[11], ids[1]])
            #expect(try await store.runs(of: "rollup-retention", limit: 100).map(\.id) == [other])
        }
    }

    @Test(arguments: TestBackend.available)
    func runsAreRecordedAndListedNewestFirst(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLJobStore(engine: engine)
            let scheduled = try #require(try await store.claimScheduledRun(job: "a", tick: Self.t0, replica: "r1", at: Self.t0))
            try await store.finishRun(id: scheduled, outcome: .failed, message: "Prometheus unavailable", at: Self.t0.addingTimeInterval(2))
            let manual = try await store.startManualRun(job: "a", replica: "r2", at: Self.t0.addingTimeInterval(5))
            let runs = try await store.runs(of: "a", limit: 10)
            #expect(runs.map(\.id) == [manual, scheduled])
            #expect(runs[1] == JobRun(id: scheduled, job: "a", trigger: .schedule, scheduledFor: Self.t0, replica: "r1", startedAt: Self.t0,
                                      finishedAt: Self.t0.addingTimeInterval(2), outcome: .failed, message: "Prometheus unavailable"))
            #expect(runs[0].trigger == .manual && runs[0].outcome == .running && runs[0].scheduledFor == nil)
            #expect(try await store.latestRuns()["a"]?.id == manual)
            #expect(try await store.run(id: scheduled)?.outcome == .failed)
            #expect(try await store.runs(of: "a", limit: 1).count == 1)

            #expect(try await store.abandonRuns(exceptOn: ["r1"], at: Self.t0.addingTimeInterval(9)) == 1)
            #expect(try await store.run(id: manual)?.outcome == .abandoned)
            #expect(try await store.abandonRuns(exceptOn: [], at: Self.t0) == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func aLeaseHasOneHolderUntilItExpires(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLClusterStore(engine: engine)
            let contenders = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                for replica in 0..<6 {
                    group.addTask { ("r\(replica)", try await store.acquireLease("scheduler", holder: "r\(replica)", at: Self.t0, ttl: 15)) }
                }
                return try await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
            }
            let winners = contenders.filter(\.value).map(\.key)
            #expect(winners.count == 1)
            let leader = try #require(winners.first)
            let other = leader == "r0" ? "r1" : "r0"
            // Renewing keeps the lease and its start; others cannot take it before it expires.
            #expect(try await store.acquireLease("scheduler", holder: leader, at: Self.t0.addingTimeInterval(5), ttl: 15))
            #expect(try await !store.acquireLease("scheduler", holder: other, at: Self.t0.addingTimeInterval(19), ttl: 15))
            let held = try #require(try await store.lease("scheduler"))
            #expect(held.holder == leader && held.acquiredAt == Self.t0 && held.expiresAt == Self.t0.addingTimeInterval(20))
            // After expiry another replica takes it over.
            #expect(try await store.acquireLease("scheduler", holder: other, at: Self.t0.addingTimeInterval(21), ttl: 15))
            #expect(try await store.lease("scheduler")?.holder == other)
            #expect(try await !store.acquireLease("scheduler", holder: leader, at: Self.t0.addingTimeInterval(22), ttl: 15))
            // Releasing lets anyone take it at once.
            try await store.releaseLease("scheduler", holder: other)
            #expect(try await store.acquireLease("scheduler", holder: leader, at: Self.t0.addingTimeInterval(23), ttl: 15))
        }
    }

    @Test(arguments: TestBackend.available)
    func replicasReportTheirHeartbeats(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLClusterStore(engine: engine)
            let a = ReplicaRecord(id: "a", host: "h1", pid: 10, startedAt: Self.t0, lastHeartbeat: Self.t0)
            let b = ReplicaRecord(id: "b", host: "h2", pid: 20, startedAt: Self.t0, lastHeartbeat: Self.t0)
            try await store.heartbeat(a, at: Self.t0.addingTimeInterval(1))
            try await store.heartbeat(b, at: Self.t0.addingTimeInterval(2))
            try await store.heartbeat(a, at: Self.t0.addingTimeInterval(3))
            let replicas = try await store.replicas()
            #expect(replicas.map(\.id) == ["a", "b"])
            #expect(replicas.first?.lastHeartbeat == Self.t0.addingTimeInterval(3))
            try await store.forgetReplicas(silentSince: Self.t0.addingTimeInterval(2.5))
            #expect(try await store.replicas().map(\.id) == ["a"])
        }
    }

    @Test(arguments: TestBackend.available)
    func observedEdgesKeepTheirOriginAndGoStale(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLRollupStore(engine: engine)
            func edge(_ client: String, _ server: String, _ origin: EdgeOrigin, at seconds: Double) -> ObservedEdge {
                ObservedEdge(client: client, server: server, connectionType: .direct, origin: origin,
                             firstSeen: Self.t0.addingTimeInterval(seconds), lastSeen: Self.t0.addingTimeInterval(seconds))
            }
            try await store.recordObservedEdges([edge("a", "b", .prometheus, at: 0), edge("c", "d", .prometheus, at: 0)])
            try await store.recordObservedEdges([edge("a", "b", .prometheus, at: 100)])
            #expect(try await store.markStaleEdges(lastSeenBefore: Self.t0.addingTimeInterval(50)) == 1)
            #expect(try await store.markStaleEdges(lastSeenBefore: Self.t0.addingTimeInterval(50)) == 0)
            var edges = try await store.observedEdges()
            #expect(edges.map { "\($0.client)->\($0.server) \($0.origin.rawValue) stale=\($0.isStale)" } == [
                "a->b prometheus stale=false", "c->d prometheus stale=true",
            ])
            #expect(edges.first?.firstSeen == Self.t0 && edges.first?.lastSeen == Self.t0.addingTimeInterval(100))
            // Seen again, an edge is fresh.
            try await store.recordObservedEdges([edge("c", "d", .prometheus, at: 200)])
            edges = try await store.observedEdges()
            #expect(edges.allSatisfy { !$0.isStale })
        }
    }
}
