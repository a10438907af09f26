import Foundation
import HummingbirdTesting
import Logging
import SQLKit
import Testing
import SextantCore
import SextantServer
import SextantStorage
import SextantWire
import SextantTestSupport

/// Single requests that once killed or stalled the server: each is answered with a clear 4xx,
/// or, for a template, an error text on the alert, and the server goes on.
@Suite("Hostile input")
struct HostileInputTests {
    static let hugeDuration = "99999999999999999999h"

    @Test func hugeNumbersInQueriesAreRefusedNotTrapped() async throws {
        try await withTestApp(configure: { $0.alertingTick = nil }) { client, _ in
            for query in ["since=1e300", "until=-1e300", "since=NaN", "since=inf", "since=99999999999999999999"] {
                let answer = try await client.send(.get, "/api/v1/notifications?\(query)")
                #expect(answer.status == .badRequest, "\(query): \(answer.text)")
            }
            let history = try await client.send(.get, "/api/dependencies?endTs=9223372036854775807&lookback=9223372036854775807")
            #expect(history.status.code < 500, "\(history.text)")
            #expect(try await client.send(.get, "/health").status == .ok)
        }
    }

    @Test func hugeDurationsAreRefusedWithTheirField() async throws {
        try await withTestApp(configure: { $0.alertingTick = nil }) { client, _ in
            let slo = try await client.send(.post, "/api/v1/slos", body: """
                {"service":"api","name":"a","objective":99,"indicator":{"availability":{}},"alerting":{"pendingFor":"\(Self.hugeDuration)"}}
                """)
            #expect(slo.status == .badRequest && slo.error.field == "alerting.pendingFor", "\(slo.text)")
            let rule = try await client.send(.put, "/api/v1/rules/team", body: """
                {"name":"team","rules":[{"alert":"A","expr":"up == 0","for":"\(Self.hugeDuration)"}]}
                """)
            #expect(rule.status == .badRequest && rule.error.field == "rules[0].for", "\(rule.text)")
            let interval = try await client.send(.put, "/api/v1/rules/team", body: #"{"name":"team","interval":"1e300s","rules":[]}"#)
            #expect(interval.status == .badRequest, "\(interval.text)")
            let window = try await client.send(.get, "/api/v1/services/api/red?window=\(Self.hugeDuration)")
            #expect(window.status == .badRequest && window.error.field == "window")
        }
    }

    /// An annotation that renders a number beyond any integer, and one that would format with
    /// a `*` width, are evaluated on every tick without harm: the first renders as Go does, the
    /// second as Go's error text.
    @Test func annotationsThatOnceTrappedRenderOnEveryEvaluation() async throws {
        let clock = ManualClock(Date())
        try await withTestApp(configure: { $0.alertingTick = nil }, clock: clock) { client, environment in
            let group = #"""
                {"name":"team","interval":"10s","rules":[{"alert":"Busy","expr":"request_rate(service=\"api\") > 0",
                 "annotations":{"big":"{{ 1e20 }}","star":"{{ printf \"%*d\" 5 }}","days":"{{ 1e300 | humanizeDuration }}",
                 "d":"{{ printf \"%d\" 1e300 }}"}}]}
                """#
            #expect(try await client.send(.put, "/api/v1/rules/team", body: group).status == .created)
            #expect(try await client.send(.post, "/v1/traces", body: Self.oneRequest(service: "api")).status == .ok)
            for _ in 0..<3 {
                await environment.alerting.tick()
                clock.advance(by: 11)
            }
            let rules = try await client.send(.get, "/api/v1/rules/team").json["rules"] as? [[String: Any]] ?? []
            #expect(rules.first?["health"] as? String == "ok", "\(rules)")
            let annotations = ((rules.first?["alerts"] as? [[String: Any]])?.first?["annotations"] as? [String: String]) ?? [:]
            #expect(annotations["big"] == "100000000000000000000")
            #expect(annotations["star"] == "%!d(BADWIDTH)")
            #expect(annotations["d"] == "%!d(float64=1e+300)")
            #expect(annotations["days"]?.hasSuffix("d 0h 0m 0s") == false && annotations["days"]?.isEmpty == false)
            #expect(try await client.send(.get, "/health").status == .ok)
        }
    }

    /// Rows that cannot be read back — as a later version's tighter rules, or a damaged disk,
    /// could leave them — are skipped and counted; the server starts and serves the rest.
    @Test(arguments: TestBackend.available)
    func unreadableStoredRowsNeitherStopTheServerNorHideTheRest(backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let environment = AppEnvironment(configuration: ServerConfiguration(), engine: engine, registry: .init())
            _ = try await environment.slos.create(ServiceLevelObjective(service: "api", name: "ok", objective: 99, indicator: .availability(.service, bad: .error)),
                                                  at: Date())
            try await engine.write { database in
                try await database.raw("""
                    INSERT INTO slos (id, service, name, definition, created_at, updated_at) VALUES ('x-broken', 'x', 'broken', '{"not":"an objective"}', 0, 0)
                    """).run()
                try await database.raw("INSERT INTO rule_groups (name, definition, updated_at) VALUES ('broken', '{\"rules\":7}', 0)").run()
                try await database.raw("INSERT INTO silences (id, silence, ends_at) VALUES ('s1', 'garbage', 9999999999999)").run()
                try await database.raw("INSERT INTO ingest_batches (payload, created_at) VALUES (\(bind: Data([1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])), 0)").run()
            }
            environment.readiness.markMigrated()
            try await buildApplication(environment, logger: .quiet).test(.router) { client in
                let client = try await keyed(client, environment)
                let slos = try await client.send(.get, "/api/v1/slos").json["slos"] as? [[String: Any]] ?? []
                #expect(slos.compactMap { $0["name"] as? String } == ["ok"])
                let groups = try await client.send(.get, "/api/v1/rules").json["groups"] as? [[String: Any]] ?? []
                #expect(!groups.contains { $0["name"] as? String == "broken" })
                #expect(try await client.send(.get, "/api/v1/silences").status == .ok)
                #expect(try await client.send(.get, "/api/v1/services").status == .ok)
                let metrics = try await client.send(.get, "/metrics").text
                for table in ["slos", "rule_groups", "silences", "ingest_batches"] {
                    #expect(metrics.contains("sextant_store_unreadable_rows_total{table=\"\(table)\"}"), "\(table)")
                }
            }
        }
    }

    static func oneRequest(service: String) -> String {
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        return String(decoding: OTLPExport(resources: [
            .init(service: service, spans: [.init(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), name: "GET /", kind: .server,
                                                  startNanos: now, endNanos: now + 1_000_000)]),
        ]).json(), as: UTF8.self)
    }
}
