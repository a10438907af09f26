#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SextantCore
import SextantTestSupport
import Testing
import Synchronization

/// Two replicas on one PostgreSQL receive the same alerts, as from a Prometheus configured
/// with both: each notification goes out once, even when the leader is killed mid-scenario.
@Suite("Notifications across replicas")
struct AlertingReplicaTests {
    static func alert(_ name: String, instance: String, startsAt: Date, endsAt: Date? = nil) -> [String: Any] {
        var alert: [String: Any] = ["labels": ["alertname": name, "instance": instance], "startsAt": GoTime.format(startsAt)]
        if let endsAt { alert["endsAt"] = GoTime.format(endsAt) }
        return alert
    }

    @Test(.enabled(if: TestBackend.available.contains(.postgres)))
    func eachNotificationIsSentOnceWhileTheLeaderIsKilled() async throws {
        try await withTestDatabase(.postgres) { database in
            let directory = try temporaryDirectory()
            let sink = WebhookSink()
            try await sink.serve { sinkURL in
                try teamWebhookRouting(sinkURL: sinkURL, groupInterval: "2s").write(toFile: directory + "/alerting.yaml", atomically: true, encoding: .utf8)
                let arguments = ["serve", "--port", "0", "--database-url", try #require(database.url), "--alerting-config", directory + "/alerting.yaml",
                                 "--leader-lease", "3s"]
                let replicas = [try SextantProcess(arguments), try SextantProcess(arguments)]
                let urls = [try await replicas[0].port(), try await replicas[1].port()].map { "http://127.0.0.1:\($0)" }
                var leader: Int?
                for _ in 0..<100 where leader == nil {
                    let cluster = try await ReplicaTests.json("\(urls[0])/api/v1/cluster")
                    let holder = (cluster["leader"] as? [String: Any])?["replica"] as? String
                    for (index, url) in urls.enumerated() where holder != nil {
                        if try await ReplicaTests.json("\(url)/api/v1/cluster")["replica"] as? String == holder { leader = index }
                    }
                    if leader == nil { try await Task.sleep(for: .milliseconds(100)) }
                }
                let leading = try #require(leader, "no replica took the lease")

                // Every half second, the current alerts go to every replica still running.
                let start = Date()
                let current = Mutex<[[String: Any]]>([Self.alert("DiskFull", instance: "db-1", startsAt: start)])
                let alive = Mutex<Set<Int>>([0, 1])
                let sender = Task {
                    while !Task.isCancelled {
                        let batch = current.withLock { $0 }
                        for index in alive.withLock({ $0 }).sorted() {
                            _ = try? await httpPost("\(urls[index])/api/v2/alerts", json: batch)
                        }
                        try? await Task.sleep(for: .milliseconds(500))
                    }
                }
                defer { sender.cancel() }
                func waitFor(_ count: Int) async throws {
                    for _ in 0..<300 where sink.received.count < count { try await Task.sleep(for: .milliseconds(100)) }
                    // Give a duplicate the chance to show up.
                    try await Task.sleep(for: .seconds(2))
                }
                func notifications() async throws -> Int {
                    (try await ReplicaTests.json("\(urls[1 - leading])/api/v1/notifications")["notifications"] as? [Any])?.count ?? 0
                }

                try await waitFor(1)
                for _ in 0..<50 where try await notifications() < 1 { try await Task.sleep(for: .milliseconds(100)) }
                // The leader dies; a new alert joins the group and another starts a group of its own.
                alive.withLock { _ = $0.remove(leading) }
                replicas[leading].signal(SIGKILL)
                current.withLock {
                    $0 += [Self.alert("DiskFull", instance: "db-2", startsAt: start.addingTimeInterval(1)),
                           Self.alert("QueueBacklog", instance: "worker-1", startsAt: start.addingTimeInterval(1))]
                }
                try await waitFor(3)
                // Everything resolves.
                let now = Date()
                current.withLock { alerts in
                    alerts = alerts.map { alert in
                        var resolved = alert
                        resolved["endsAt"] = GoTime.format(now)
                        return resolved
                    }
                }
                try await waitFor(5)
                sender.cancel()

                let deliveries = sink.received.map { delivery -> String in
                    let body = delivery.body
                    let alerts = (body["alerts"] as? [[String: Any]] ?? []).map {
                        "\(($0["labels"] as? [String: String])?["instance"] ?? "?")=\($0["status"] as? String ?? "?")"
                    }
                    return "\(body["groupKey"] as? String ?? "?") \(alerts.joined(separator: ","))"
                }
                #expect(Set(deliveries).count == deliveries.count, "duplicated: \(deliveries)")
                #expect(Set(deliveries) == [
                    "{}:{alertname=\"DiskFull\"} db-1=firing",
                    "{}:{alertname=\"DiskFull\"} db-1=firing,db-2=firing",
                    "{}:{alertname=\"QueueBacklog\"} worker-1=firing",
                    "{}:{alertname=\"DiskFull\"} db-1=resolved,db-2=resolved",
                    "{}:{alertname=\"QueueBacklog\"} worker-1=resolved",
                ], "\(deliveries)")
                replicas[1 - leading].signal(SIGTERM)
                #expect(try await replicas[1 - leading].exitStatus() == 0)
            }
        }
    }
}
