#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SextantCore
import SextantTestSupport
import Testing

/// A killed Sextant neither loses an alert it acknowledged nor repeats a notification it sent.
@Suite("Alerting across SIGKILL")
struct AlertingKillTests {
    @Test(arguments: TestBackend.available)
    func acknowledgedAlertsAreNotifiedOnceAcrossKills(_ backend: TestBackend) async throws {
        try await withTestDatabase(backend) { database in
            let directory = try temporaryDirectory()
            let sink = WebhookSink()
            try await sink.serve { sinkURL in
                // group_wait is the window between the 200 and the kill: wide enough for a test
                // runner starved by the tests running beside it.
                try teamWebhookRouting(sinkURL: sinkURL, groupInterval: "1s", groupWait: "6s").write(toFile: directory + "/alerting.yaml", atomically: true, encoding: .utf8)
                // A short lease lets the restarted replica lead soon after the killed one stops renewing.
                let arguments = ["serve", "--port", "0", "--database-url", try #require(database.url), "--alerting-config", directory + "/alerting.yaml",
                                 "--leader-lease", "3s"]
                // Killed right after the 200, before group_wait: the alert is notified after the restart.
                var server = try SextantProcess(arguments)
                var url = "http://127.0.0.1:\(try await server.port())"
                // No start: it starts when the server receives it. (An alert that started more
                // than group_wait before it arrived, as under load, would be flushed at once.)
                let alert: [String: Any] = ["labels": ["alertname": "QueueBacklog", "service": "worker-service"]]
                #expect(try await httpPost("\(url)/api/v2/alerts", json: [alert]).status == 200)
                server.signal(SIGKILL)
                _ = try await server.exitStatus()
                #expect(sink.received.isEmpty)
                server = try SextantProcess(arguments)
                url = "http://127.0.0.1:\(try await server.port())"
                for _ in 0..<300 where sink.received.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
                #expect(sink.received.count == 1)
                #expect(sink.received.first?.body["status"] as? String == "firing")

                // Killed after notifying (and logging it: a kill between the delivery and its log
                // entry sends it again, as with Alertmanager): the restarted one, sent the same
                // alert again, stays quiet.
                func history() async throws -> [[String: Any]] {
                    let answer = try JSONSerialization.jsonObject(with: Data(try await httpGet("\(url)/api/v1/notifications").body.utf8)) as? [String: Any]
                    return answer?["notifications"] as? [[String: Any]] ?? []
                }
                var logged: [[String: Any]] = []
                for _ in 0..<100 where logged.isEmpty {
                    logged = try await history().filter { $0["outcome"] as? String == "sent" }
                    if logged.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(logged.count == 1)
                let before = try await history()
                server.signal(SIGKILL)
                _ = try await server.exitStatus()
                server = try SextantProcess(arguments)
                url = "http://127.0.0.1:\(try await server.port())"
                #expect(try await httpPost("\(url)/api/v2/alerts", json: [alert]).status == 200)
                try await Task.sleep(for: .seconds(3))
                let after = try await history()
                #expect(sink.received.count == 1, "before the kill: \(before); after: \(after)")

                // Resolved: one resolved notification.
                var resolved = alert
                resolved["endsAt"] = GoTime.format(Date())
                #expect(try await httpPost("\(url)/api/v2/alerts", json: [resolved]).status == 200)
                for _ in 0..<300 where sink.received.count < 2 { try await Task.sleep(for: .milliseconds(100)) }
                #expect(sink.received.count == 2)
                #expect(sink.received.last?.body["status"] as? String == "resolved")
                server.signal(SIGTERM)
                #expect(try await server.exitStatus() == 0)
            }
        }
    }
}
