import Foundation
import SextantCore
import SextantTestSupport
import Testing

/// Sextant forwards its notifications to a real Alertmanager 0.25 (`alertmanager_configs`).
@Suite("Forwarding to Alertmanager")
struct AlertmanagerForwardingTests {
    @Test(.enabled(if: AlertmanagerProcess.isEnabled))
    func alertsReachAlertmanagerAndResolveThere() async throws {
        let directory = try temporaryDirectory()
        let alertmanager = try AlertmanagerProcess(configuration: "route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n",
                                                   directory: directory + "/alertmanager", externalURL: "http://127.0.0.1")
        try await alertmanager.waitUntilReady()
        try """
            route:
              receiver: forward
              group_by: ['...']
              group_wait: 1s
              group_interval: 1s
            receivers:
              - name: forward
                alertmanager_configs:
                  - url: \(alertmanager.url)
            """.write(toFile: directory + "/alerting.yaml", atomically: true, encoding: .utf8)
        let sextant = try SextantProcess(["serve", "--port", "0", "--data-dir", directory + "/sextant", "--alerting-config", directory + "/alerting.yaml"])
        let sextantURL = "http://127.0.0.1:\(try await sextant.port())"
        let started = Date()
        let labels = ["alertname": "QueueBacklog", "service": "worker-service", "severity": "warning"]
        // Posted as Prometheus posts: again and again, each time valid for a short while only.
        func post() async throws -> (status: Int, body: String) {
            try await httpPost("\(sextantURL)/api/v2/alerts", json: [["labels": labels, "annotations": ["summary": "12k jobs waiting"],
                                                                      "startsAt": GoTime.format(started), "endsAt": GoTime.format(Date().addingTimeInterval(2))]])
        }
        let posted = try await post()
        #expect(posted.status == 200, "\(posted.body)")
        let resending = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(500))
                _ = try await post()
            }
        }

        func alertmanagerAlerts() async throws -> [[String: Any]] {
            try JSONSerialization.jsonObject(with: Data(try await httpGet("\(alertmanager.url)/api/v2/alerts").body.utf8)) as? [[String: Any]] ?? []
        }
        var received: [[String: Any]] = []
        for _ in 0..<100 where received.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            received = try await alertmanagerAlerts()
        }
        let alert = try #require(received.first, "Alertmanager never received the forwarded alert")
        #expect(alert["labels"] as? [String: String] == labels)
        #expect((alert["annotations"] as? [String: String])?["summary"] == "12k jobs waiting")
        #expect(alert["fingerprint"] as? String == labels.fingerprintText)
        #expect((alert["startsAt"] as? String).flatMap(GoTime.parse).map { abs($0.timeIntervalSince(started)) < 0.01 } == true)

        // Alertmanager keeps listing it: Sextant re-forwards it at every flush with an end ahead
        // of the source's own, which is never more than 2 s away.
        for _ in 0..<8 {
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await alertmanagerAlerts().count == 1, "Alertmanager resolved the forwarded alert between re-sends")
        }
        resending.cancel()
        _ = await resending.result

        // Resolved in Sextant: the resolution is forwarded and Alertmanager stops listing it.
        let resolved = try await httpPost("\(sextantURL)/api/v2/alerts", json: [["labels": labels, "startsAt": GoTime.format(started),
                                                                                   "endsAt": GoTime.format(Date())]])
        #expect(resolved.status == 200, "\(resolved.body)")
        for _ in 0..<100 where !received.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            received = try await alertmanagerAlerts()
        }
        #expect(received.isEmpty, "Alertmanager still lists \(received)")
        sextant.signal(SIGTERM)
        #expect(try await sextant.exitStatus() == 0)
        alertmanager.stop()
    }
}
