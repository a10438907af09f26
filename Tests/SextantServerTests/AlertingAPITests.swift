import Foundation
import HummingbirdTesting
import Testing
import SextantCore
import SextantServer
import SextantTestSupport

/// The alerting API's answers to good and bad requests: rule groups, silences and
/// notifications.
@Suite("Alerting API")
struct AlertingAPITests {
    static let group = #"""
        {"name":"team","interval":"15s","rules":[{"alert":"SlowCheckout","expr":"latency_quantile(service=\"api-service\", operation=\"POST /orders\", window=\"10m\") > 2","for":"5m","labels":{"severity":"warning"}}]}
        """#

    @Test(arguments: TestBackend.available)
    func ruleGroupsAreCreatedReplacedAndDeletedButFileGroupsAreReadOnly(backend: TestBackend) async throws {
        try await withTestApp(backend, configure: { $0.alertingTick = nil }) { client, _ in
            #expect(try await client.send(.put, "/api/v1/rules/team", body: Self.group).status == .created)
            #expect(try await client.send(.put, "/api/v1/rules/team", body: Self.group).status == .ok)
            let listed = try await client.send(.get, "/api/v1/rules").json["groups"] as? [[String: Any]] ?? []
            #expect(listed.compactMap { $0["name"] as? String } == ["sextant", "slo-conditions", "team"])
            let team = try await client.send(.get, "/api/v1/rules/team").json
            #expect(team["origin"] as? String == "api" && team["interval"] as? Double == 15)
            let sextant = try await client.send(.put, "/api/v1/rules/sextant", body: Self.group.replacingOccurrences(of: "\"team\"", with: "\"sextant\""))
            #expect(sextant.status == .conflict && sextant.error.code == "read_only")
            #expect(try await client.send(.delete, "/api/v1/rules/sextant").status == .conflict)
            #expect(try await client.send(.delete, "/api/v1/rules/team").status == .noContent)
            #expect(try await client.send(.delete, "/api/v1/rules/team").status == .notFound)
        }
    }

    /// `GET /api/v1/alerts` pages in fingerprint order: every alert once, `nextCursor` null on
    /// the last page, a bad cursor or limit refused.
    @Test func alertListingsPageByCursor() async throws {
        try await withTestApp(configure: { $0.alertingTick = nil }) { client, _ in
            let alerts = (0..<25).map { #"{"labels":{"alertname":"Paged","instance":"i-\#($0)"}}"# }
            #expect(try await client.send(.post, "/api/v2/alerts", body: "[" + alerts.joined(separator: ",") + "]").status == .ok)
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await client.send(.get, "/api/v1/alerts?filter=alertname=Paged&limit=10" + (cursor.map { "&cursor=\($0)" } ?? "")).json
                seen += (page["alerts"] as? [[String: Any]] ?? []).compactMap { ($0["labels"] as? [String: String])?["instance"] }
                cursor = page["nextCursor"] as? String
                #expect(page.keys.contains("nextCursor"))
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen.count == 25 && Set(seen).count == 25)
            let fingerprints = seen.map { ["alertname": "Paged", "instance": $0].fingerprintText }
            #expect(fingerprints == fingerprints.sorted())
            let whole = try await client.send(.get, "/api/v1/alerts?filter=alertname=Paged").json
            #expect((whole["alerts"] as? [[String: Any]])?.count == 25 && whole["nextCursor"] is NSNull)
            #expect(try await client.send(.get, "/api/v1/alerts?cursor=nonsense").error.code == "invalid_cursor")
            #expect(try await client.send(.get, "/api/v1/alerts?limit=10001").error.field == "limit")
        }
    }

    @Test(arguments: [
        (#"{"name":"other","rules":[]}"#, "name"),
        (#"{"name":"team","rules":[{"alert":"A","expr":"error_ratio(windw=\"5m\") > 1"}]}"#, "rules[0].expr"),
        (#"{"name":"team","rules":[{"alert":"A","expr":"rate(x[5m]) > 1"}]}"#, "rules[0].expr"),
        (#"{"name":"team","rules":[{"alert":"A","expr":"up == 0","for":"soon"}]}"#, "rules[0].for"),
        (#"{"name":"team","rules":[{"record":"a:b","expr":"up"}]}"#, "rules[0].record"),
        (#"{"name":"team","interval":"5m","rules":[{"alert":"A","expr":"up == 0","labels":{"alertname":"B"}}]}"#, "rules[0].labels.alertname"),
    ])
    func badRuleGroupsAreRefusedWithTheField(body: String, field: String) async throws {
        try await withTestApp(configure: { $0.alertingTick = nil }) { client, _ in
            let answer = try await client.send(.put, "/api/v1/rules/team", body: body)
            #expect(answer.status == .badRequest, "\(answer.text)")
            #expect(answer.error.field == field, "\(answer.text)")
            #expect((try await client.send(.get, "/api/v1/rules").json["groups"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func silencesAreValidatedListedAndExpired(backend: TestBackend) async throws {
        try await withTestApp(backend, configure: { $0.alertingTick = nil }) { client, _ in
            let future = Date().addingTimeInterval(3_600).formatted(.iso8601)
            let bad: [(String, String)] = [
                (#"{"matchers":[],"endsAt":"\#(future)","createdBy":"a","comment":"c"}"#, "matchers"),
                (#"{"matchers":["a=~.*"],"endsAt":"\#(future)","createdBy":"a","comment":"c"}"#, "matchers"),
                (#"{"matchers":["a=b"],"endsAt":"2020-01-01T00:00:00Z","createdBy":"a","comment":"c"}"#, "endsAt"),
                (#"{"matchers":["a=b"],"endsAt":"\#(future)","comment":"c"}"#, "createdBy"),
                (#"{"matchers":["a=b"],"endsAt":"\#(future)","createdBy":"a"}"#, "comment"),
                (#"{"matchers":["a=b"],"endsAt":"tomorrow","createdBy":"a","comment":"c"}"#, "endsAt"),
                (#"{"matchers":["a=b"],"createdBy":"a","comment":"c"}"#, "endsAt"),
                (#"{"matchers":["a=b"],"endsAt":"\#(future)","createdBy":"a","comment":"c","ends":"x"}"#, "ends"),
            ]
            for (body, field) in bad {
                let answer = try await client.send(.post, "/api/v1/silences", body: body)
                #expect(answer.status == .badRequest && answer.error.field == field, "\(body): \(answer.text)")
            }
            #expect((try await client.send(.get, "/api/v1/silences").json["silences"] as? [Any])?.isEmpty == true)
            let created = try await client.send(.post, "/api/v1/silences", body: """
                {"matchers":[{"name":"service","value":"api-.*","isRegex":true}],"endsAt":"\(future)","createdBy":"ana","comment":"maintenance"}
                """)
            #expect(created.status == .created)
            let id = try #require(created.json["silenceID"] as? String)
            let shown = try await client.send(.get, "/api/v1/silences/\(id)").json
            #expect((shown["status"] as? [String: Any])?["state"] as? String == "active")
            #expect(((shown["matchers"] as? [[String: Any]])?.first?["isRegex"] as? Bool) == true)
            #expect(try await client.send(.delete, "/api/v1/silences/\(id)").status == .noContent)
            #expect(try await client.send(.delete, "/api/v1/silences/\(id)").status == .badRequest)
            let expired = try await client.send(.get, "/api/v1/silences?state=expired").json["silences"] as? [[String: Any]] ?? []
            #expect(expired.count == 1)
            #expect(try await client.send(.get, "/api/v1/silences/nope").status == .notFound)
        }
    }

    @Test func anAlertingConfigWithUnsupportedKeysStopsTheServerWithTheirName() async throws {
        let path = NSTemporaryDirectory() + "sextant-alerting-\(UUID().uuidString).yaml"
        try "route:\n  receiver: x\nreceivers:\n  - name: x\n    email_configs:\n      - to: a@b\n".write(toFile: path, atomically: true, encoding: .utf8)
        await #expect {
            try await withTestApp(configure: { $0.alertingConfigPath = path }) { _, _ in }
        } throws: { error in
            "\(error)".contains("unsupported key 'email_configs' in receiver") && "\(error)".contains("receivers[0].email_configs")
        }
    }
}
