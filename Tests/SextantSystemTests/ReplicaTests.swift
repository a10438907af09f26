#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import SextantTestSupport

/// Two `sextant serve` processes on one PostgreSQL.
@Suite("Leadership across replicas")
struct ReplicaTests {
    static func json(_ url: String) async throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(try await httpGet(url).body.utf8)) as? [String: Any] ?? [:]
    }

    static func scheduledRuns(_ url: String) async throws -> [[String: Any]] {
        let runs = try await json("\(url)/api/v1/jobs/rollup-retention/runs?limit=1000")["runs"] as? [[String: Any]] ?? []
        return runs.filter { $0["trigger"] as? String == "schedule" }
    }

    @Test(.enabled(if: TestBackend.available.contains(.postgres)))
    func eachTickRunsOnceAndAFollowerTakesOverAfterTheLeaderIsKilled() async throws {
        try await withTestDatabase(.postgres) { database in
            let arguments = ["serve", "--port", "0", "--database-url", try #require(database.url), "--schedule", "rollup-retention=@every 1s"]
            let first = try SextantProcess(arguments)
            let second = try SextantProcess(arguments)
            let urls = ["http://127.0.0.1:\(try await first.port())", "http://127.0.0.1:\(try await second.port())"]
            let ids = [try await Self.json("\(urls[0])/api/v1/cluster")["replica"] as? String, try await Self.json("\(urls[1])/api/v1/cluster")["replica"] as? String]

            // Both replicas report, and they agree on one leader.
            var cluster: [String: Any] = [:]
            for _ in 0..<200 {
                cluster = try await Self.json("\(urls[1])/api/v1/cluster")
                if (cluster["replicas"] as? [Any])?.count == 2, cluster["leader"] is [String: Any] { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(cluster["mode"] as? String == "replicated")
            let leader = try #require((cluster["leader"] as? [String: Any])?["replica"] as? String)
            #expect((try await Self.json("\(urls[0])/api/v1/cluster")["leader"] as? [String: Any])?["replica"] as? String == leader)
            let leaderIndex = try #require(ids.firstIndex(of: leader))
            let followerIndex = 1 - leaderIndex
            let follower = try #require(ids[followerIndex])

            // While both run, ticks run once each, all on the leader.
            try await Task.sleep(for: .seconds(4))
            let before = try await Self.scheduledRuns(urls[followerIndex])
            #expect(before.count >= 3)
            #expect(before.allSatisfy { $0["replica"] as? String == leader })
            let ticks = before.compactMap { $0["scheduledFor"] as? String }
            #expect(Set(ticks).count == ticks.count)

            // Kill the leader: the follower takes over within 30 s.
            [first, second][leaderIndex].signal(SIGKILL)
            let killed = ContinuousClock.now
            var takeover: Duration?
            while ContinuousClock.now - killed < .seconds(40) {
                if try await Self.scheduledRuns(urls[followerIndex]).contains(where: { $0["replica"] as? String == follower }) {
                    takeover = ContinuousClock.now - killed
                    break
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            let elapsed = try #require(takeover, "the follower never ran a scheduled tick")
            print("leadership: the follower ran its first tick \(elapsed) after the leader was killed")
            #expect(elapsed < .seconds(30))
            let after = try await Self.json("\(urls[followerIndex])/api/v1/cluster")
            #expect((after["leader"] as? [String: Any])?["replica"] as? String == follower)
            let all = try await Self.scheduledRuns(urls[followerIndex]).compactMap { $0["scheduledFor"] as? String }
            #expect(Set(all).count == all.count)

            [first, second][followerIndex].signal(SIGTERM)
            #expect(try await [first, second][followerIndex].exitStatus() == 0)
        }
    }
}
