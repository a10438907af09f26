import Foundation
import SextantCore
import SextantTestSupport
import Testing

/// What changed reaches the person paged, and DORA's figures come from the releases Sextant
/// drove and recorded, and the pages it sent.
@Suite("Release history")
struct DeliveryTests {
    static func json(_ body: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    /// The deliveries that carry an alert named `name`.
    static func deliveries(of name: String, in sink: WebhookSink) -> [[String: Any]] {
        sink.received.flatMap { $0.body["alerts"] as? [[String: Any]] ?? [] }.filter { ($0["labels"] as? [String: String])?["alertname"] == name }
    }

    static func catalog(_ url: String) async throws {
        for (name, dependencies) in [("postgres", [] as [[String: Any]]),
                                     ("api-service", [["name": "postgres", "type": "database", "critical": true, "fallbackAvailable": false]])] {
            let created = try await sendJSON(.POST, "\(url)/api/v1/components", ["name": name, "owner": "team-core", "tier": 1, "dependencies": dependencies])
            #expect(created.status == 201, "\(created.body)")
        }
    }

    @Test
    func aNotificationListsTheReleaseOfADependencyTenMinutesEarlier() async throws {
        try await withRoutedSextant { url, sink in
            try await Self.catalog(url)
            let tenMinutesAgo = Date().addingTimeInterval(-600)
            let recorded = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
                "service": "postgres", "version": "15.4",
                "recorded": ["startedAt": GoTime.format(tenMinutesAgo.addingTimeInterval(-120)), "finishedAt": GoTime.format(tenMinutesAgo)],
            ])
            #expect(recorded.status == 201, "\(recorded.body)")
            let changes = Self.json(try await httpGet("\(url)/api/v1/changes?service=api-service").body)
            let listed = changes["changes"] as? [[String: Any]] ?? []
            #expect(listed.count == 1 && listed.first?["path"] as? [String] == ["api-service", "postgres"], "\(changes)")

            let alert: [String: Any] = ["labels": ["alertname": "HighErrorRate", "service": "api-service", "severity": "page"]]
            #expect(try await httpPost("\(url)/api/v2/alerts", json: [alert]).status == 200)
            for _ in 0..<300 where Self.deliveries(of: "HighErrorRate", in: sink).isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            let annotations = Self.deliveries(of: "HighErrorRate", in: sink).first?["annotations"] as? [String: String] ?? [:]
            // Sent a second or two after the ten minutes: "10m" and some seconds.
            let said = annotations["changes"] ?? ""
            #expect(said.hasPrefix("postgres 15.4 succeeded 10m") && said.contains(" ago by admin (") && said.hasSuffix("(api-service → postgres)"),
                    "\(annotations)")
            // The API's alerts carry them too.
            let apiAlerts = Self.json(try await httpGet("\(url)/api/v1/alerts").body)["alerts"] as? [[String: Any]] ?? []
            let alertChanges = apiAlerts.first { ($0["labels"] as? [String: String])?["alertname"] == "HighErrorRate" }?["changes"] as? [[String: Any]]
            #expect((alertChanges?.first?["change"] as? [String: Any])?["version"] as? String == "15.4", "\(apiAlerts)")
        }
    }

    @Test
    func doraFiguresOfAScriptedHistoryEqualTheFiguresWorkedOutByHand() async throws {
        try await withRoutedSextant { url, sink in
            try await Self.catalog(url)
            let now = Date()
            let hour = 3_600.0, day = 86_400.0
            func time(_ offset: Double) -> String { GoTime.format(now.addingTimeInterval(offset)) }
            func record(_ service: String, _ version: String, finished: Double, commits: [Double], outcome: String = "succeeded") async throws {
                let answer = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
                    "service": service, "version": version, "commits": commits.enumerated().map { ["sha": "c\($0.offset)\(version)", "time": time($0.element)] },
                    "recorded": ["startedAt": time(finished - 600), "finishedAt": time(finished), "outcome": outcome],
                ])
                #expect(answer.status == 201, "\(answer.body)")
            }
            // Three releases reach production (lead times 4 h, 10 h; 6 h; 24 h), one fails there.
            try await record("api-service", "1", finished: -5 * day, commits: [-5 * day - 4 * hour, -5 * day - 10 * hour])
            try await record("api-service", "2", finished: -3 * day, commits: [-3 * day - 6 * hour])
            try await record("postgres", "15.4", finished: -2 * day, commits: [], outcome: "failed")
            try await record("api-service", "3", finished: -hour, commits: [-hour - 24 * hour])
            // A driven canary takes traffic and is aborted: a failure that recovers when traffic is back.
            let driven = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
                "service": "api-service", "version": "4", "strategy": ["canary": ["steps": [["setWeight": 50], ["pause": [:]]]]],
                "traffic": ["command": ["path": "/bin/true"]],
            ])
            let id = try #require(Self.json(driven.body)["id"] as? String, "\(driven.body)")
            _ = try await deployment(url, id) { $0["phase"] as? String == "paused" }
            #expect(try await sendJSON(.PUT, "\(url)/api/v1/deployments/\(id)", ["action": "abort"]).status == 200)
            _ = try await deployment(url, id) { $0["rolledBack"] as? Bool == true }
            // A page on api-service an hour after its release "3": that release's failure.
            let page: [String: Any] = ["labels": ["alertname": "HighErrorRate", "service": "api-service", "severity": "page"]]
            #expect(try await httpPost("\(url)/api/v2/alerts", json: [page]).status == 200)
            for _ in 0..<300 where Self.deliveries(of: "HighErrorRate", in: sink).isEmpty { try await Task.sleep(for: .milliseconds(100)) }

            let from = GoTime.format(now.addingTimeInterval(-10 * day))
            // The page counts once its notification is recorded (just after its delivery).
            var all: [String: Any] = [:]
            for _ in 0..<100 {
                all = Self.json(try await httpGet("\(url)/api/v1/dora?from=\(from)").body)
                if all["failedChanges"] as? Int == 3 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(all["deployments"] as? Int == 3, "\(all)")
            // Within a second: stored times keep milliseconds.
            #expect(abs((all["leadTimeSeconds"] as? Double ?? 0) - 8 * hour) < 1, "median of 4 h, 6 h, 10 h, 24 h: \(all)")
            // Five took traffic (three deployed, the failed one, the aborted canary); three failed.
            #expect(all["failedChanges"] as? Int == 3 && all["changeFailureRate"] as? Double == 0.6, "\(all)")
            let recovery = all["recoverySeconds"] as? Double ?? -1
            #expect(recovery >= 0 && recovery < 60, "the canary's rollback: \(all)")
            #expect((all["tiers"] as? [String: String])?["changeFailureRate"] == "low")
            let postgres = Self.json(try await httpGet("\(url)/api/v1/dora?from=\(from)&service=postgres").body)
            #expect(postgres["deployments"] as? Int == 0 && postgres["changeFailureRate"] as? Double == 1, "\(postgres)")
            let team = Self.json(try await httpGet("\(url)/api/v1/dora?from=\(from)&owner=team-core").body)
            #expect(team["failedChanges"] as? Int == 3)
            let cli = try await runSextant(["dora", "--from", from, "--server", url])
            #expect(cli.status == 0 && cli.output.contains("60.0 %") && cli.output.contains("3 releases"), "\(cli.output)\(cli.error)")
            #expect(try await httpGet("\(url)/api/v1/dora?from=\(GoTime.format(now))&to=\(from)").status == 400)
            // /metrics has the figures as of the last refresh (the first at start, before any release).
            #expect(try await httpGet("\(url)/metrics").body.contains("# TYPE sextant_dora_deployments_per_day gauge"))
        }
    }
}
