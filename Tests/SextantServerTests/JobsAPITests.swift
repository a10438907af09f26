import Foundation
import HummingbirdTesting
import Testing
import SextantCore
import SextantServer
import SextantWire
import SextantTestSupport

@Suite("Jobs and cluster API")
struct JobsAPITests {
    static func runs(_ client: any TestClientProtocol, _ job: String) async throws -> [[String: Any]] {
        try await client.send(.get, "/api/v1/jobs/\(job)/runs").json["runs"] as? [[String: Any]] ?? []
    }

    static func waitForRun(_ client: any TestClientProtocol, _ job: String, id: String) async throws -> [String: Any] {
        for _ in 0..<100 {
            let run = try await client.send(.get, "/api/v1/jobs/\(job)/runs/\(id)").json
            if run["outcome"] as? String != "running" { return run }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("run \(id) of \(job) did not finish")
        return [:]
    }

    @Test func jobsAreListedAndRunOnDemand() async throws {
        try await withTestApp { client, _ in
            let jobs = try #require(try await client.send(.get, "/api/v1/jobs").json["jobs"] as? [[String: Any]])
            #expect(jobs.compactMap { $0["name"] as? String } == ["ingest-service-graph", "mark-stale-edges", "rollup-retention", "evaluate-slos", "probe-components", "backup"])
            let ingest = try #require(jobs.first { $0["name"] as? String == "ingest-service-graph" })
            #expect(ingest["enabled"] as? Bool == false && (ingest["disabledReason"] as? String)?.contains("--prometheus-url") == true)
            let stale = try #require(jobs.first { $0["name"] as? String == "mark-stale-edges" })
            #expect(stale["schedule"] as? String == "0 2 * * *" && stale["enabled"] as? Bool == true && stale["nextRun"] is String)

            let started = try await client.send(.post, "/api/v1/jobs/rollup-retention/run")
            #expect(started.status == .accepted)
            let id = try #require(started.json["runId"] as? String)
            let run = try await Self.waitForRun(client, "rollup-retention", id: id)
            #expect(run["outcome"] as? String == "succeeded" && run["trigger"] as? String == "manual")
            #expect((run["message"] as? String)?.hasPrefix("folded minute buckets before") == true)
            let listed = try await client.send(.get, "/api/v1/jobs").json["jobs"] as? [[String: Any]]
            let retention = listed?.first { $0["name"] as? String == "rollup-retention" }
            #expect((retention?["lastRun"] as? [String: Any])?["outcome"] as? String == "succeeded")

            let disabled = try await client.send(.post, "/api/v1/jobs/ingest-service-graph/run")
            #expect(disabled.status == .conflict && disabled.error.code == "job_disabled")
            let backup = try await client.send(.post, "/api/v1/jobs/backup/run")
            #expect(backup.status == .conflict && backup.error.message?.contains("--backup-directory") == true)
            #expect(try await client.send(.post, "/api/v1/jobs/compact/run").status == .notFound)
            #expect(try await client.send(.get, "/api/v1/jobs/compact/runs").status == .notFound)
            #expect(try await client.send(.get, "/api/v1/jobs/rollup-retention/runs/999").status == .notFound)
        }
    }

    @Test func scheduledRunsHappenOnTheirSchedule() async throws {
        try await withTestApp(configure: { $0.schedules = ["rollup-retention": "@every 1s"] }) { client, _ in
            var scheduled: [[String: Any]] = []
            for _ in 0..<80 where scheduled.count < 2 {
                try await Task.sleep(for: .milliseconds(100))
                scheduled = try await Self.runs(client, "rollup-retention").filter { $0["trigger"] as? String == "schedule" && $0["outcome"] as? String == "succeeded" }
            }
            #expect(scheduled.count >= 2)
            let ticks = scheduled.compactMap { $0["scheduledFor"] as? String }
            #expect(Set(ticks).count == ticks.count)
        }
    }

    @Test func staleEdgesAreMarkedHiddenOnRequestAndListedAsDrift() async throws {
        try await withTestApp(configure: { $0.staleEdgeThreshold = 0.5 }) { client, _ in
            let traffic = ShopTraffic.export(rounds: 0..<2)
            #expect(try await client.execute(uri: "/v1/traces", method: .post, headers: [.contentType: "application/x-protobuf"],
                                             body: .init(bytes: traffic.protobuf())).status == .ok)
            // Every edge observed (the positive signal), then older than the threshold.
            let observedBy = ContinuousClock.now + .seconds(30)
            while (try await client.send(.get, "/api/v1/graph").json["edges"] as? [Any])?.count ?? 0 < 4, ContinuousClock.now < observedBy {
                try await Task.sleep(for: .milliseconds(100))
            }
            try await Task.sleep(for: .seconds(1))
            let started = try await client.send(.post, "/api/v1/jobs/mark-stale-edges/run")
            let run = try await Self.waitForRun(client, "mark-stale-edges", id: try #require(started.json["runId"] as? String))
            // user→frontend, frontend→api-service, api-service→postgres, api-service→worker-service.
            #expect((run["message"] as? String)?.hasPrefix("4 edges became stale") == true)
            let all = try await client.send(.get, "/api/v1/graph").json["edges"] as? [[String: Any]] ?? []
            #expect(all.count == 4 && all.allSatisfy { $0["stale"] as? Bool == true && $0["observedBy"] as? [String] == ["traces"] })
            let fresh = try await client.send(.get, "/api/v1/graph?includeStale=false").json["edges"] as? [Any]
            #expect(fresh?.isEmpty == true)
            let drift = try await client.send(.get, "/api/v1/graph/drift").json["staleEdges"] as? [Any]
            #expect(drift?.count == 4)
            // Stale observed-only edges no longer take part in impact: frontend, known only through
            // them, is not part of the graph impact walks any more.
            let impact = try await client.send(.get, "/api/v1/graph/impact?failed=frontend")
            #expect(impact.status == .notFound && impact.error.field == "failed")
        }
    }

    @Test func aSingleReplicaLeadsItself() async throws {
        try await withTestApp { client, _ in
            let cluster = try await client.send(.get, "/api/v1/cluster").json
            #expect(cluster["mode"] as? String == "single-replica")
            let me = try #require(cluster["replica"] as? String)
            #expect((cluster["leader"] as? [String: Any])?["replica"] as? String == me)
        }
    }

    @Test(arguments: TestBackend.available.filter { $0 == .postgres })
    func onPostgreSQLTheReplicaTakesTheLease(_ backend: TestBackend) async throws {
        try await withTestApp(backend, configure: { $0.leaderLease = 3 }) { client, _ in
            var cluster: [String: Any] = [:]
            for _ in 0..<60 {
                cluster = try await client.send(.get, "/api/v1/cluster").json
                if cluster["leader"] is [String: Any] { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(cluster["mode"] as? String == "replicated")
            #expect((cluster["leader"] as? [String: Any])?["replica"] as? String == cluster["replica"] as? String)
            let replicas = cluster["replicas"] as? [[String: Any]]
            #expect(replicas?.count == 1 && replicas?.first?["leader"] as? Bool == true && replicas?.first?["alive"] as? Bool == true)
        }
    }
}

