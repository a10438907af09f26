import Foundation
import HummingbirdTesting
import Prometheus
import Testing
import SextantCore
import SextantServer
import SextantStorage
import SextantWire
import SextantTestSupport

/// Alerting end to end on the demo topology, with a manual clock stepped 10 seconds at a time:
/// the shipped rules and the example routing, real OTLP in, deliveries to a local sink out,
/// and restarts (a fresh application over the same database) in the middle.
@Suite("Alerting end to end")
struct AlertingEndToEndTests {
    static let start = Date(timeIntervalSince1970: 1_793_577_600)
    static let step: TimeInterval = 10

    enum Traffic { case healthy, failing, slow }

    /// The state a scenario carries across restarts.
    final class Scenario: @unchecked Sendable {
        let clock: ManualClock
        var traffic = Traffic.healthy
        var firedAt = Date.distantPast
        var round = 0
        let alertingConfig: String
        let sink: WebhookSink

        init(sinkURL: String, sink: WebhookSink, clock: ManualClock, directory: String) throws {
            self.sink = sink
            self.clock = clock
            let example = try String(contentsOf: repositoryRoot.appendingPathComponent("examples/alerting.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX", with: sinkURL + "/slack")
                .replacingOccurrences(of: "https://events.pagerduty.com/v2/enqueue", with: sinkURL + "/pagerduty")
                .replacingOccurrences(of: "http://127.0.0.1:9095/alerts", with: sinkURL + "/webhook")
            alertingConfig = directory + "/alerting.yaml"
            try example.write(toFile: alertingConfig, atomically: true, encoding: .utf8)
        }
    }

    /// Ten seconds of api-service requests of the current kind.
    static func requests(_ scenario: Scenario) -> String {
        scenario.round += 1
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        let spans = (0..<20).map { index in
            OTLPExport.SpanRecord(
                traceID: TraceID(high: UInt64(scenario.round), low: UInt64(index + 1)), spanID: SpanID(1), name: "POST /orders", kind: .server,
                startNanos: now, endNanos: now + (scenario.traffic == .slow ? 2_000_000_000 : 20_000_000),
                isError: scenario.traffic == .failing && index % 2 == 0
            )
        }
        return String(decoding: OTLPExport(resources: [.init(service: "api-service", spans: spans)]).json(), as: UTF8.self)
    }

    /// The demo catalog with every health endpoint on the sink.
    static func catalog(sinkURL: String) throws -> String {
        var name = ""
        return try exampleCatalog().split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- name:") { name = trimmed.replacingOccurrences(of: "- name:", with: "").trimmingCharacters(in: .whitespaces) }
            guard trimmed.hasPrefix("healthEndpoint:") else { return String(line) }
            return line.replacingOccurrences(of: trimmed, with: "healthEndpoint: \(sinkURL)/health/\(name)")
        }.joined(separator: "\n")
    }

    /// One lifetime of the server: a fresh application over `engine`, as after a restart.
    static func lifetime(
        _ engine: any SQLEngine, _ scenario: Scenario,
        _ body: @escaping @Sendable (any TestClientProtocol, AppEnvironment) async throws -> Void
    ) async throws {
        var configuration = ServerConfiguration()
        configuration.alertingConfigPath = scenario.alertingConfig
        configuration.alertingTick = nil
        configuration.externalURL = "http://sextant.example:8080"
        for job in ["evaluate-slos", "probe-components", "rollup-retention", "mark-stale-edges"] { configuration.schedules[job] = "0 0 1 1 *" }
        let environment = AppEnvironment(configuration: configuration, engine: engine, registry: PrometheusCollectorRegistry(), clock: scenario.clock)
        environment.readiness.markMigrated()
        try await buildApplication(environment, logger: .quiet).test(.router) { client in
            let client = try await keyed(client, environment)
            try await body(client, environment)
        }
    }

    /// Moves the clock one step, sends that step's traffic, probes health and ticks alerting.
    static func advance(_ client: any TestClientProtocol, _ environment: AppEnvironment, _ scenario: Scenario) async throws {
        scenario.clock.advance(by: step)
        #expect(try await client.send(.post, "/v1/traces", body: requests(scenario)).status == .ok)
        #expect(try await client.send(.post, "/api/v1/health-checks/run").status == .ok)
        await environment.alerting.tick()
    }

    /// Steps until `condition` holds (at most `limit` steps); answers the steps taken.
    @discardableResult
    static func advance(
        _ client: any TestClientProtocol, _ environment: AppEnvironment, _ scenario: Scenario, until limit: Int,
        _ condition: () async throws -> Bool
    ) async throws -> Int {
        for taken in 1...limit {
            try await advance(client, environment, scenario)
            if try await condition() { return taken }
        }
        Issue.record("the condition did not hold within \(limit) steps")
        return limit
    }

    static func alert(_ client: any TestClientProtocol, _ name: String) async throws -> [String: Any]? {
        let alerts = try await client.send(.get, "/api/v1/alerts?filter=alertname=\(name)").json["alerts"] as? [[String: Any]] ?? []
        return alerts.first
    }

    static func state(_ client: any TestClientProtocol, _ name: String) async throws -> String? {
        (try await alert(client, name)?["status"] as? [String: Any])?["state"] as? String
    }

    @Test(arguments: TestBackend.available)
    func faultFiresNotifiesOnceAcrossRestartsResolvesAndIsMutedBySilencesAndInhibition(backend: TestBackend) async throws {
        let clock = ManualClock(Self.start)
        let sink = WebhookSink(clock: clock)
        try await sink.serve { sinkURL in
            try await withMigratedEngine(backend) { engine, database in
                let scenario = try Scenario(sinkURL: sinkURL, sink: sink, clock: clock, directory: database.directory)
                try await Self.run(engine, scenario, sinkURL: sinkURL)
            }
        }
    }

    static func run(_ engine: any SQLEngine, _ scenario: Scenario, sinkURL: String) async throws {
        let sink = scenario.sink
        // Lifetime 1: three healthy minutes, then errors until HighErrorRate fires; a restart
        // follows at once, before its group_wait is over.
        try await lifetime(engine, scenario) { client, environment in
            #expect(try await client.send(.put, "/api/v1/catalog", body: try catalog(sinkURL: sinkURL), contentType: "application/yaml").status == .ok)
            for _ in 0..<18 { try await advance(client, environment, scenario) }
            #expect(try await state(client, "HighErrorRate") == nil)
            scenario.traffic = .failing
            var pendingAt: Date?
            try await advance(client, environment, scenario, until: 30) {
                let state = try await state(client, "HighErrorRate")
                if state == "pending" && pendingAt == nil { pendingAt = scenario.clock.now() }
                return state == "active"
            }
            scenario.firedAt = scenario.clock.now()
            let pending = try #require(pendingAt)
            // Rules are evaluated every 30 s; `for: 2m` means firing 120 s after the first pending evaluation.
            #expect(scenario.firedAt.timeIntervalSince(pending) == 120)
            #expect(sink.received(at: "/pagerduty").isEmpty)
        }
        // Lifetime 2: the page goes out once, group_wait (10 s) after the alert fired.
        try await lifetime(engine, scenario) { client, environment in
            try await advance(client, environment, scenario, until: 6) { !sink.received(at: "/pagerduty").isEmpty }
            let page = try #require(sink.received(at: "/pagerduty").first)
            #expect(abs(page.at.timeIntervalSince(scenario.firedAt) - 10) <= step, "sent \(page.at.timeIntervalSince(scenario.firedAt)) s after firing")
            #expect(page.body["event_action"] as? String == "trigger")
            #expect(((page.body["payload"] as? [String: Any])?["summary"] as? String)?.contains("HighErrorRate api-service") == true)
            #expect(((page.body["payload"] as? [String: Any])?["severity"] as? String) == "critical")
            #expect(sink.received(at: "/slack").isEmpty && sink.received(at: "/webhook").isEmpty)
            for _ in 0..<6 { try await advance(client, environment, scenario) }
        }
        // Lifetime 3: more than a group interval of errors sends nothing more (repeat is 12 h);
        // then the fault is removed and the resolution is sent once.
        try await lifetime(engine, scenario) { client, environment in
            for _ in 0..<36 { try await advance(client, environment, scenario) }
            #expect(sink.received(at: "/pagerduty").count == 1)
            scenario.traffic = .healthy
            try await advance(client, environment, scenario, until: 120) { sink.received(at: "/pagerduty").count == 2 }
            let pages = sink.received(at: "/pagerduty")
            #expect(pages[1].body["event_action"] as? String == "resolve")
            #expect(pages[1].body["dedup_key"] as? String == pages[0].body["dedup_key"] as? String)
            let history = try await client.send(.get, "/api/v1/notifications?receiver=oncall-pagerduty").json["notifications"] as? [[String: Any]] ?? []
            #expect(history.compactMap { $0["reason"] as? String } == ["all-resolved", "first-notification"])
            #expect(history.compactMap { $0["outcome"] as? String } == ["sent", "sent"])
            let metrics = try await client.send(.get, "/metrics").text
            #expect(metrics.contains(#"sextant_notifications_total{receiver="oncall-pagerduty",integration="pagerduty",outcome="sent"} 1"#), "counted by this lifetime")
        }
        // Lifetime 4: a silence mutes the same fault when it comes back.
        try await lifetime(engine, scenario) { client, environment in
            let endsAt = scenario.clock.now().addingTimeInterval(7_200).formatted(.iso8601)
            let created = try await client.send(.post, "/api/v1/silences", body: """
                {"matchers":["alertname=HighErrorRate","service=api-service"],"endsAt":"\(endsAt)","createdBy":"ana","comment":"known fault"}
                """)
            #expect(created.status == .created, "\(created.text)")
            let silence = try #require(created.json["silenceID"] as? String)
            scenario.traffic = .failing
            try await advance(client, environment, scenario, until: 30) { try await state(client, "HighErrorRate") == "suppressed" }
            for _ in 0..<6 { try await advance(client, environment, scenario) }
            let muted = try #require(try await alert(client, "HighErrorRate"))
            #expect((muted["status"] as? [String: Any])?["silencedBy"] as? [String] == [silence])
            #expect(sink.received(at: "/pagerduty").count == 2)
            scenario.traffic = .healthy
            try await advance(client, environment, scenario, until: 120) { try await state(client, "HighErrorRate") == "resolved" }
        }
        // Lifetime 5: api-service stops answering its health check and slows down; ServiceDown
        // pages, and HighLatency, inhibited by it, sends nothing to Slack.
        try await lifetime(engine, scenario) { client, environment in
            sink.setDown(["api-service"])
            scenario.traffic = .slow
            try await advance(client, environment, scenario, until: 60) { try await state(client, "HighLatency") == "suppressed" }
            for _ in 0..<6 { try await advance(client, environment, scenario) }
            let pages = sink.received(at: "/pagerduty")
            #expect(pages.count == 3)
            #expect(((pages.last?.body["payload"] as? [String: Any])?["summary"] as? String)?.contains("ServiceDown api-service") == true)
            #expect(sink.received(at: "/slack").isEmpty)
            let down = try #require(try await alert(client, "ServiceDown"))
            let latency = try #require(try await alert(client, "HighLatency"))
            #expect((latency["status"] as? [String: Any])?["inhibitedBy"] as? [String] == [down["fingerprint"] as? String ?? ""])
            let checks = try await client.send(.get, "/api/v1/health-checks").json
            #expect(checks["healthy"] as? Bool == false)
            #expect(try await client.send(.get, "/metrics").text.contains(#"up{component="api-service"} 0"#))
        }
    }
}
