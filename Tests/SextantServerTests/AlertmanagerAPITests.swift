import Foundation
import HummingbirdTesting
import Prometheus
import Testing
import SextantCore
import SextantServer
import SextantTestSupport

/// Alertmanager's v2 API on Sextant: defaults, merging, listing filters and Alertmanager's own
/// error answers (checked against Alertmanager 0.25).
@Suite("Alertmanager v2 API")
struct AlertmanagerAPITests {
    static let routing = """
        route:
          receiver: team
          group_by: [alertname]
          routes:
            - matchers: [severity="critical"]
              receiver: pager
        inhibit_rules:
          - source_matchers: [alertname="ServiceDown"]
            target_matchers: [alertname="HighLatency"]
            equal: [service]
        receivers:
          - name: team
          - name: pager
        """

    func withV2App(_ backend: TestBackend, _ test: @escaping @Sendable (any TestClientProtocol, ManualClock) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "sextant-v2-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.routing.write(toFile: directory + "/alerting.yaml", atomically: true, encoding: .utf8)
        let clock = ManualClock(GoTime.parse("2026-03-01T12:00:00Z")!)
        try await withMigratedEngine(backend) { engine, _ in
            var configuration = ServerConfiguration()
            configuration.alertingTick = nil
            configuration.alertingConfigPath = directory + "/alerting.yaml"
            let environment = AppEnvironment(configuration: configuration, engine: engine, registry: PrometheusCollectorRegistry(), clock: clock)
            environment.readiness.markMigrated()
            try await buildApplication(environment, logger: .quiet).test(.router) { client in try await test(keyed(client, environment), clock) }
        }
    }

    static func list(_ response: TestResponse) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]] ?? []
    }

    @Test(arguments: TestBackend.available)
    func alertsGetAlertmanagersDefaultsAndAreMergedByFingerprint(backend: TestBackend) async throws {
        try await withV2App(backend) { client, clock in
            let posted = try await client.send(.post, "/api/v2/alerts", body: #"""
                [{"labels":{"alertname":"HighLatency","service":"db","empty":""}},
                 {"labels":{"alertname":"ServiceDown","service":"db","severity":"critical"},"annotations":{"summary":"down"},
                  "startsAt":"2026-03-01T11:00:00Z","generatorURL":"http://prometheus/graph"}]
                """#)
            #expect(posted.status == .ok && posted.body.readableBytes == 0)
            let alerts = Self.list(try await client.send(.get, "/api/v2/alerts"))
            #expect(alerts.count == 2)
            let latency = try #require(alerts.first { ($0["labels"] as? [String: String])?["alertname"] == "HighLatency" })
            // Empty labels are dropped; start defaults to now, end to now + resolve_timeout.
            #expect(latency["labels"] as? [String: String] == ["alertname": "HighLatency", "service": "db"])
            #expect(latency["startsAt"] as? String == "2026-03-01T12:00:00.000Z" && latency["endsAt"] as? String == "2026-03-01T12:05:00.000Z")
            #expect(latency["fingerprint"] as? String == ["alertname": "HighLatency", "service": "db"].fingerprintText)
            #expect(latency["generatorURL"] == nil)
            #expect((latency["receivers"] as? [[String: String]]) == [["name": "team"]])
            let status = try #require(latency["status"] as? [String: Any])
            #expect(status["state"] as? String == "suppressed" && (status["inhibitedBy"] as? [String])?.count == 1)
            // Sorted by fingerprint, as Alertmanager lists them.
            let fingerprints = alerts.compactMap { $0["fingerprint"] as? String }
            #expect(fingerprints == fingerprints.sorted())

            // Re-sent a minute later with an earlier start: merged, keeping the earliest start.
            clock.advance(by: 60)
            #expect(try await client.send(.post, "/api/v2/alerts", body: #"[{"labels":{"alertname":"HighLatency","service":"db"},"startsAt":"2026-03-01T11:30:00Z","annotations":{"summary":"slow"}}]"#).status == .ok)
            let merged = Self.list(try await client.send(.get, "/api/v2/alerts?filter=alertname%3D%22HighLatency%22"))
            #expect(merged.count == 1)
            #expect(merged.first?["startsAt"] as? String == "2026-03-01T11:30:00.000Z" && merged.first?["endsAt"] as? String == "2026-03-01T12:06:00.000Z")
            #expect((merged.first?["annotations"] as? [String: String]) == ["summary": "slow"])

            // Filters: active/inhibited flags, matchers, receiver regex; groups.
            #expect(Self.list(try await client.send(.get, "/api/v2/alerts?inhibited=false")).count == 1)
            #expect(Self.list(try await client.send(.get, "/api/v2/alerts?active=false")).count == 1)
            #expect(Self.list(try await client.send(.get, "/api/v2/alerts?receiver=pag.*")).count == 1)
            #expect(Self.list(try await client.send(.get, "/api/v2/alerts?receiver=pag")).isEmpty)
            let groups = Self.list(try await client.send(.get, "/api/v2/alerts/groups"))
            #expect(groups.compactMap { ($0["receiver"] as? [String: String])?["name"] } == ["team", "pager"])
            #expect(Self.list(try await client.send(.get, "/api/v2/receivers")).compactMap { $0["name"] as? String } == ["team", "pager"])

            // Resolved: no longer listed.
            #expect(try await client.send(.post, "/api/v2/alerts", body: #"[{"labels":{"alertname":"ServiceDown","service":"db","severity":"critical"},"startsAt":"2026-03-01T11:00:00Z","endsAt":"2026-03-01T12:01:00Z"}]"#).status == .ok)
            let remaining = Self.list(try await client.send(.get, "/api/v2/alerts"))
            #expect(remaining.count == 1 && (remaining.first?["status"] as? [String: Any])?["state"] as? String == "active")
        }
    }

    /// Each bad request and Alertmanager 0.25's answer to it.
    @Test(arguments: [
        ("/api/v2/alerts", #"[{"labels":{"alertname":"A","9bad":"x"}},{"labels":{}},{"labels":{"alertname":"B"},"startsAt":"2030-01-01T00:00:00Z","endsAt":"2029-01-01T00:00:00Z"}]"#,
         400, #""invalid label set: invalid name \"9bad\"; at least one label pair required; start time must be before end time""#),
        ("/api/v2/alerts", #"[{"annotations":{}}]"#, 422, #"{"code":602,"message":"0.labels in body is required"}"#),
        ("/api/v2/alerts", #"{"labels":{"a":"b"}}"#, 400,
         #"{"code":400,"message":"parsing alerts body from \"\" failed, because json: cannot unmarshal object into Go value of type models.PostableAlerts"}"#),
        ("/api/v2/silences", #"{"matchers":[],"startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-02T00:00:00Z","createdBy":"me","comment":"c"}"#,
         422, #"{"code":612,"message":"matchers in body should have at least 1 items"}"#),
        ("/api/v2/silences", #"{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-02-01T00:00:00Z","createdBy":"me","comment":"c"}"#,
         400, #""Failed to create silence: start time must be before end time""#),
        ("/api/v2/silences", #"{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-02T00:00:00Z"}"#,
         422, #"{"code":602,"message":"comment in body is required"}"#),
        ("/api/v2/silences", #"{"id":"11111111-2222-3333-4444-555555555555","matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-02T00:00:00Z","createdBy":"x","comment":"y"}"#,
         404, #""silence not found""#),
        ("/api/v2/silences", #"{"matchers":[{"name":"a","value":"","isRegex":false}],"startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-02T00:00:00Z","createdBy":"x","comment":"y"}"#,
         400, #""silence invalid: at least one matcher must not match the empty string""#),
    ])
    func badRequestsGetAlertmanagersAnswers(path: String, body: String, status: Int, answer: String) async throws {
        try await withV2App(.sqlite) { client, _ in
            let response = try await client.send(.post, path, body: body)
            #expect(Int(response.status.code) == status, "\(response.text)")
            #expect(response.text == answer)
            // Nothing of a refused batch's invalid alerts is kept.
            #expect(Self.list(try await client.send(.get, "/api/v2/alerts")).allSatisfy { ($0["labels"] as? [String: String])?["9bad"] == nil })
        }
    }

    @Test func silencesKeepTheirIdWhenUpdatedAndExpire() async throws {
        try await withV2App(.sqlite) { client, clock in
            let body = #"{"matchers":[{"name":"service","value":"db","isRegex":false,"isEqual":true}],"startsAt":"2026-03-01T11:00:00Z","endsAt":"2026-03-01T13:00:00Z","createdBy":"oncall","comment":"migration"}"#
            let created = try await client.send(.post, "/api/v2/silences", body: body)
            #expect(created.status == .ok)
            let id = try #require(created.json["silenceID"] as? String)
            let silence = try await client.send(.get, "/api/v2/silence/\(id)").json
            // A start in the past begins now.
            #expect(silence["startsAt"] as? String == "2026-03-01T12:00:00.000Z" && (silence["status"] as? [String: String])?["state"] == "active")
            // Extending it with its (echoed) start updates it in place.
            clock.advance(by: 30)
            let extended = body.replacingOccurrences(of: "{\"matchers\"", with: "{\"id\":\"\(id)\",\"matchers\"")
                .replacingOccurrences(of: "11:00:00Z", with: "12:00:00.000Z").replacingOccurrences(of: "13:00:00Z", with: "14:00:00Z")
            #expect(try await client.send(.post, "/api/v2/silences", body: extended).json["silenceID"] as? String == id)
            // Changing its matchers replaces it: the old one expires.
            let replaced = try await client.send(.post, "/api/v2/silences", body: extended.replacingOccurrences(of: "\"db\"", with: "\"api\""))
            let newID = try #require(replaced.json["silenceID"] as? String)
            #expect(newID != id)
            let listed = Self.list(try await client.send(.get, "/api/v2/silences"))
            #expect(listed.compactMap { ($0["status"] as? [String: String])?["state"] } == ["active", "expired"])
            #expect(Self.list(try await client.send(.get, "/api/v2/silences?filter=service%3D%22api%22")).count == 1)
            #expect(try await client.send(.delete, "/api/v2/silence/\(newID)").status == .ok)
            #expect(try await client.send(.delete, "/api/v2/silence/\(newID)").status == .ok)
            let bad = try await client.send(.get, "/api/v2/silence/zzz")
            #expect(bad.status == .unprocessableContent && bad.text == #"{"code":601,"message":"silenceID in path must be of type uuid: \"zzz\""}"#)
            #expect(try await client.send(.get, "/api/v2/silence/11111111-2222-3333-4444-555555555555").status == .notFound)
            let status = try await client.send(.get, "/api/v2/status").json
            #expect((status["config"] as? [String: String])?["original"] == Self.routing)
            #expect((status["cluster"] as? [String: Any])?["status"] as? String == "disabled")
            #expect((status["versionInfo"] as? [String: String])?["version"] == "0.25.0")
        }
    }
}
