import Foundation
import HummingbirdTesting
import Testing
import SextantCore
import SextantServer
import SextantTestSupport

/// Graph-aware inhibition on the demo topology: when postgres goes down, everything that needs
/// it without fallback goes down with it, and only postgres pages, naming the rest.
@Suite("Graph-aware inhibition")
struct GraphInhibitionTests {
    typealias EndToEnd = AlertingEndToEndTests
    static let dependants = ["api-service", "auth-service", "frontend", "worker-service"]

    /// postgres is no catalog component with a health check of its own: its exporter's rule
    /// in Prometheus reports it, re-sent every step as Prometheus re-sends firing alerts.
    static func reportPostgresDown(_ client: any TestClientProtocol) async throws {
        let alert = #"[{"labels":{"alertname":"ServiceDown","service":"postgres","severity":"critical"},"annotations":{"summary":"pg_up is 0"}}]"#
        #expect(try await client.send(.post, "/api/v2/alerts", body: alert).status == .ok)
    }

    /// Steps (reporting postgres down first when asked) until `condition` holds.
    static func advance(_ client: any TestClientProtocol, _ environment: AppEnvironment, _ scenario: EndToEnd.Scenario, postgresDown: Bool,
                        steps: Int, until condition: () -> Bool = { false }) async throws {
        for _ in 0..<steps {
            if postgresDown { try await reportPostgresDown(client) }
            try await EndToEnd.advance(client, environment, scenario)
            if condition() { return }
        }
    }

    @Test(arguments: TestBackend.available)
    func postgresDownPagesOnceNamingTheServicesItExplains(backend: TestBackend) async throws {
        let clock = ManualClock(EndToEnd.start)
        let sink = WebhookSink(clock: clock)
        try await sink.serve { sinkURL in
            try await withMigratedEngine(backend) { engine, database in
                let scenario = try EndToEnd.Scenario(sinkURL: sinkURL, sink: sink, clock: clock, directory: database.directory)
                try await EndToEnd.lifetime(engine, scenario) { client, environment in
                    #expect(try await client.send(.put, "/api/v1/catalog", body: try EndToEnd.catalog(sinkURL: sinkURL), contentType: "application/yaml").status == .ok)
                    for _ in 0..<3 { try await EndToEnd.advance(client, environment, scenario) }
                    sink.setDown(Set(Self.dependants))
                    try await Self.advance(client, environment, scenario, postgresDown: true, steps: 20) { !sink.received(at: "/pagerduty").isEmpty }
                    // Two minutes more: the dependants' ServiceDown fire, but none of them pages.
                    try await Self.advance(client, environment, scenario, postgresDown: true, steps: 12)

                    let pages = sink.received(at: "/pagerduty")
                    #expect(pages.count == 1, "\(pages.map { String(decoding: $0.data, as: UTF8.self) })")
                    let details = ((pages.first?.body["payload"] as? [String: Any])?["custom_details"] as? [String: String])?["firing"] ?? ""
                    #expect(details.contains(" - service = postgres"), "\(details)")
                    #expect(details.contains(" - explains = api-service, auth-service, frontend, worker-service"), "\(details)")

                    // Every dependant's ServiceDown fires, explained and suppressed by postgres's.
                    let alerts = try await client.send(.get, "/api/v1/alerts?filter=alertname=ServiceDown").json["alerts"] as? [[String: Any]] ?? []
                    let byService = Dictionary(uniqueKeysWithValues: alerts.compactMap { alert -> (String, [String: Any])? in
                        guard let service = (alert["labels"] as? [String: String])?["service"] else { return nil }
                        return (service, alert)
                    })
                    #expect(Set(byService.keys) == Set(["postgres"] + Self.dependants))
                    let root = try #require(byService["postgres"])
                    #expect((root["status"] as? [String: Any])?["state"] as? String == "active")
                    for service in Self.dependants {
                        let alert = try #require(byService[service])
                        let status = alert["status"] as? [String: Any]
                        #expect(status?["state"] as? String == "suppressed")
                        #expect(status?["inhibitedBy"] as? [String] == [root["fingerprint"] as? String ?? ""])
                        let annotations = alert["annotations"] as? [String: String]
                        #expect(annotations?["root_cause"] == "postgres (ServiceDown)")
                        #expect(annotations?["root_cause_chain"]?.hasPrefix(service + " → ") == true && annotations?["root_cause_chain"]?.hasSuffix(" → postgres") == true)
                    }
                    #expect((byService["frontend"]?["annotations"] as? [String: String])?["root_cause_chain"] == "frontend → api-service → postgres")

                    // postgres back while the others stay down: its page resolves, and the first
                    // causes among the rest page: auth-service (which api-service, and through it
                    // frontend, needs) and worker-service.
                    let resolved = #"[{"labels":{"alertname":"ServiceDown","service":"postgres","severity":"critical"},"endsAt":"\#(GoTime.format(clock.now()))"}]"#
                    #expect(try await client.send(.post, "/api/v2/alerts", body: resolved).status == .ok)
                    // postgres's resolution and the dependants' pages come at their groups' next
                    // intervals (5 minutes after each group's first flush).
                    try await Self.advance(client, environment, scenario, postgresDown: false, steps: 50) {
                        sink.received(at: "/pagerduty").count == 4
                    }
                    try await Self.advance(client, environment, scenario, postgresDown: false, steps: 6)
                    let later = sink.received(at: "/pagerduty").dropFirst()
                    #expect(later.filter { $0.body["event_action"] as? String == "resolve" }.count == 1)
                    let triggers = later.filter { $0.body["event_action"] as? String == "trigger" }
                        .map { ((($0.body["payload"] as? [String: Any])?["custom_details"] as? [String: String])?["firing"]) ?? "" }
                    #expect(triggers.count == 2)
                    #expect(triggers.contains { $0.contains(" - service = auth-service") && $0.contains(" - explains = api-service, frontend") })
                    #expect(triggers.contains { $0.contains(" - service = worker-service") && !$0.contains("explains") })
                }
            }
        }
    }

    /// A route with `graph_inhibition: false` pages for every service.
    @Test func aRouteCanTurnItOff() async throws {
        let clock = ManualClock(EndToEnd.start)
        let sink = WebhookSink(clock: clock)
        try await sink.serve { sinkURL in
            try await withMigratedEngine(.sqlite) { engine, database in
                let scenario = try EndToEnd.Scenario(sinkURL: sinkURL, sink: sink, clock: clock, directory: database.directory)
                let config = try String(contentsOfFile: scenario.alertingConfig, encoding: .utf8)
                    .replacingOccurrences(of: "      receiver: oncall-pagerduty\n", with: "      receiver: oncall-pagerduty\n      graph_inhibition: false\n")
                try config.write(toFile: scenario.alertingConfig, atomically: true, encoding: .utf8)
                try await EndToEnd.lifetime(engine, scenario) { client, environment in
                    #expect(try await client.send(.put, "/api/v1/catalog", body: try EndToEnd.catalog(sinkURL: sinkURL), contentType: "application/yaml").status == .ok)
                    sink.setDown(Set(Self.dependants))
                    try await Self.advance(client, environment, scenario, postgresDown: true, steps: 20) { sink.received(at: "/pagerduty").count == 5 }
                    #expect(sink.received(at: "/pagerduty").count == 5)
                    // The alerts are listed as they are sent: active, with no root cause.
                    let alerts = try await client.send(.get, "/api/v1/alerts?filter=alertname=ServiceDown").json["alerts"] as? [[String: Any]] ?? []
                    #expect(alerts.count == 5)
                    for alert in alerts {
                        #expect((alert["status"] as? [String: Any])?["state"] as? String == "active", "\(alert)")
                        #expect((alert["annotations"] as? [String: String])?["root_cause"] == nil)
                    }
                }
            }
        }
    }
}
