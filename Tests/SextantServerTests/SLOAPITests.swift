import Foundation
import HummingbirdTesting
import Prometheus
import Testing
import SextantCore
import SextantServer
import SextantStorage
import SextantWire
import SextantTestSupport

/// Objectives over real OTLP ingestion, with an injected clock: the budget drains when errors
/// come, and the page condition fires when the SRE Workbook says.
@Suite("SLO API")
struct SLOAPITests {
    /// 2026-11-02T00:00:00Z: errors start here.
    static let t0 = Date(timeIntervalSince1970: 1_793_577_600)

    /// Runs `test` with a manual clock; the evaluator runs only when a test asks for it.
    static func withClockedApp(
        _ backend: TestBackend = .sqlite, start: Date = t0.addingTimeInterval(-6 * 3_600 - 600),
        _ test: @escaping @Sendable (any TestClientProtocol, ManualClock) async throws -> Void
    ) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            var configuration = ServerConfiguration()
            configuration.schedules["evaluate-slos"] = "0 0 1 1 *"
            let clock = ManualClock(start)
            let environment = AppEnvironment(configuration: configuration, engine: engine, registry: PrometheusCollectorRegistry(), clock: clock)
            environment.readiness.markMigrated()
            try await buildApplication(environment, logger: .quiet).test(.router) { client in
                let client = try await keyed(client, environment)
                try await test(client, clock)
            }
        }
    }

    /// `count` checkout requests served by api-service; `failing` of them fail, and
    /// `failingAuth` of those because their call to auth-service failed.
    static func requests(_ count: Int, failing: Int = 0, failingAuth: Int = 0, round: Int) -> String {
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        var api: [OTLPExport.SpanRecord] = [], auth: [OTLPExport.SpanRecord] = []
        for index in 0..<count {
            let trace = TraceID(high: UInt64(round + 1), low: UInt64(index + 1))
            api.append(.init(traceID: trace, spanID: SpanID(1), name: "POST /orders", kind: .server, startNanos: now,
                             endNanos: now + 20_000_000, isError: index < failing))
            if index < 20 || index < failingAuth {
                api.append(.init(traceID: trace, spanID: SpanID(2), parentSpanID: SpanID(1), name: "authorize", kind: .client,
                                 startNanos: now, endNanos: now + 5_000_000, isError: index < failingAuth))
                auth.append(.init(traceID: trace, spanID: SpanID(3), parentSpanID: SpanID(2), name: "authorize", kind: .server,
                                  startNanos: now, endNanos: now + 4_000_000, isError: index < failingAuth))
            }
        }
        return String(decoding: OTLPExport(resources: [
            .init(service: "api-service", spans: api), .init(service: "auth-service", spans: auth),
        ]).json(), as: UTF8.self)
    }

    static func evaluate(_ client: any TestClientProtocol) async throws {
        let started = try await client.send(.post, "/api/v1/jobs/evaluate-slos/run")
        let id = try #require(started.json["runId"] as? String)
        let run = try await JobsAPITests.waitForRun(client, "evaluate-slos", id: id)
        #expect(run["outcome"] as? String == "succeeded", "\(run)")
    }

    static func alert(_ client: any TestClientProtocol, _ name: String) async throws -> [String: Any] {
        let alerts = try await client.send(.get, "/api/v1/slos/api-service-availability/alerts").json["alerts"] as? [[String: Any]] ?? []
        return alerts.first { $0["name"] as? String == name } ?? [:]
    }

    static let availability = """
        {"service":"api-service","name":"availability","objective":99.9,"window":"30d","indicator":{"availability":{}}}
        """

    @Test func theBudgetDrainsAndThePageFiresWhenTheWorkbookPredicts() async throws {
        try await Self.withClockedApp { client, clock in
            #expect(try await client.send(.post, "/api/v1/slos", body: Self.availability).status == .created)
            // Six hours and ten minutes of 150 good requests a minute.
            for minute in 0..<370 {
                clock.set(Self.t0.addingTimeInterval(Double(minute - 370) * 60))
                #expect(try await client.send(.post, "/v1/traces", body: Self.requests(150, round: minute)).status == .ok)
            }
            clock.set(Self.t0)
            try await Self.evaluate(client)
            let before = try await client.send(.get, "/api/v1/slos/api-service-availability/status").json
            #expect(before["state"] as? String == "ok")
            #expect((before["errorBudget"] as? [String: Any])?["remainingPercent"] as? Double == 100)
            // The first cycle reads every series whole and the last five minutes' latency beside.
            #expect(try await client.send(.get, "/metrics").text.contains(#"latency_p95_seconds{service="api-service""#))

            // Then every request fails: 10 failures every 4 seconds (2.5 a second), 6 of them
            // because auth-service failed. At 100% errors the Workbook's table detects 14.4×
            // over 1 h after 0.001 × 14.4 × 3600 s = 51.84 s: the first 4-second step after is 52 s.
            var remaining: [Double] = []
            for step in 1...13 {
                clock.set(Self.t0.addingTimeInterval(Double(step * 4)))
                #expect(try await client.send(.post, "/v1/traces", body: Self.requests(10, failing: 10, failingAuth: 6, round: 1_000 + step)).status == .ok)
                try await Self.evaluate(client)
                let status = try await client.send(.get, "/api/v1/slos/api-service-availability/status").json
                remaining.append((status["errorBudget"] as? [String: Any])?["remainingPercent"] as? Double ?? .nan)
                let page = try await Self.alert(client, "burn-rate-page-1h-5m")
                if step < 13 {
                    #expect(page["state"] as? String == "inactive", "at \(step * 4) s: \(page)")
                }
            }
            #expect(remaining == remaining.sorted(by: >) && remaining.first! < 100)
            let page = try await Self.alert(client, "burn-rate-page-1h-5m")
            #expect(page["state"] as? String == "firing")
            #expect(page["since"] as? String == "2026-11-02T00:00:52Z")
            #expect(try await Self.alert(client, "burn-rate-page-6h-30m")["state"] as? String == "inactive")

            let status = try await client.send(.get, "/api/v1/slos/api-service-availability/status").json
            #expect(status["state"] as? String == "breached")
            let burns = try #require(status["burnRates"] as? [String: Any])
            #expect((burns["5m"] as? Double ?? 0) > 14.4 && (burns["1h"] as? Double ?? 0) > 14.4)

            let metrics = try await client.send(.get, "/metrics").text
            #expect(metrics.contains(#"sla_violations_total{service="api-service",slo="availability",sloth_id="api-service-availability",sloth_service="api-service",sloth_slo="availability"} 1"#))
            #expect(metrics.contains(#"slo:sli_error:ratio_rate5m{service="api-service""#))
            #expect(metrics.contains("# TYPE error_budget_remaining_percent gauge"))
            #expect(metrics.contains(#"latency_p95_seconds{service="api-service""#))

            let attribution = try await client.send(.get, "/api/v1/slos/api-service-availability/attribution?window=5m").json
            #expect(attribution["badEvents"] as? Double == 130)
            #expect(attribution["summary"] as? String == "60% of the burn is failed calls to auth-service")

            let history = try await client.send(.get, "/api/v1/slos/api-service-availability/history?from=\(Int(Self.t0.timeIntervalSince1970) - 120)&to=\(Int(Self.t0.timeIntervalSince1970) + 60)&step=1m").json
            let points = try #require(history["points"] as? [[String: Any]])
            #expect(points.count == 4)
            #expect(points.first?["errorBudgetRemainingPercent"] as? Double == 100)
            #expect((points.last?["errorBudgetRemainingPercent"] as? Double ?? 100) < 0)
        }
    }

    /// The evaluator keeps the alert states it wrote between cycles — rewriting a firing
    /// condition only every five minutes — and reads them from the store again when someone else
    /// has written them: here an objective's change, which forgets its conditions, so that its
    /// page fires anew.
    @Test(arguments: TestBackend.available)
    func alertStatesKeptBetweenCyclesFollowWhatOthersWrite(_ backend: TestBackend) async throws {
        try await Self.withClockedApp(backend, start: Self.t0) { client, clock in
            func page() async throws -> [String: Any] { try await Self.alert(client, "burn-rate-page-1h-5m") }
            #expect(try await client.send(.post, "/api/v1/slos", body: Self.availability).status == .created)
            #expect(try await client.send(.post, "/v1/traces", body: Self.requests(10, failing: 10, round: 1)).status == .ok)
            try await Self.evaluate(client)
            #expect(try await page()["since"] as? String == "2026-11-02T00:00:00Z")

            clock.set(Self.t0.addingTimeInterval(30))
            try await Self.evaluate(client)
            let unchanged = try await page()
            #expect(unchanged["since"] as? String == "2026-11-02T00:00:00Z" && unchanged["evaluatedAt"] as? String == "2026-11-02T00:00:00Z")

            clock.set(Self.t0.addingTimeInterval(300))
            #expect(try await client.send(.post, "/v1/traces", body: Self.requests(10, failing: 10, round: 2)).status == .ok)
            try await Self.evaluate(client)
            let refreshed = try await page()
            #expect(refreshed["since"] as? String == "2026-11-02T00:00:00Z" && refreshed["evaluatedAt"] as? String == "2026-11-02T00:05:00Z")

            clock.set(Self.t0.addingTimeInterval(330))
            let changed = Self.availability.replacingOccurrences(of: "99.9", with: "99.5")
            #expect(try await client.send(.put, "/api/v1/slos/api-service-availability", body: changed).status == .ok)
            #expect(try await page()["state"] as? String == "inactive")
            try await Self.evaluate(client)
            let fired = try await page()
            #expect(fired["state"] as? String == "firing" && fired["since"] as? String == "2026-11-02T00:05:30Z", "\(fired)")
        }
    }

    /// Objectives on one service read its rollups once a cycle and share a series per indicator,
    /// held as hours but where a window starts (read so from the store; once an hour the hours
    /// the windows' starts move into read as minutes): what the evaluator reports for each stays
    /// what a fresh read gives (`/status`), cycle after cycle, across the hour.
    @Test(arguments: TestBackend.available)
    func objectivesSharingReadsAndSeriesMatchAFreshReadEveryCycle(_ backend: TestBackend) async throws {
        try await Self.withClockedApp(backend, start: Self.t0.addingTimeInterval(-5 * 86_400)) { client, clock in
            let objectives = [
                #"{"service":"api-service","name":"availability","objective":99.9,"indicator":{"availability":{}}}"#,
                #"{"service":"api-service","name":"relaxed","objective":99,"indicator":{"availability":{}}}"#,
                #"{"service":"api-service","name":"server-errors","objective":99.5,"indicator":{"availability":{"bad":"http5xx"}}}"#,
                #"{"service":"api-service","name":"fast","objective":95,"window":"7d","indicator":{"latency":{"threshold":"10ms"}}}"#,
            ]
            for body in objectives { #expect(try await client.send(.post, "/api/v1/slos", body: body).status == .created) }
            // Traffic 5 and 4 days ago, every 20 minutes around the edge of the 3-day burn window
            // as the steps below move it, a day ago and in the last hours; some of it failing.
            let aroundThreeDays = (-2...4).map { -3 * 86_400 + $0 * 1_200 }
            for (round, offset) in ([-5 * 86_400, -4 * 86_400 - 1_800] + aroundThreeDays + [-86_400, -3 * 3_600, -2 * 3_600 - 120]).enumerated() {
                clock.set(Self.t0.addingTimeInterval(Double(offset)))
                #expect(try await client.send(.post, "/v1/traces", body: Self.requests(20, failing: round % 3, round: round)).status == .ok)
            }
            // Two hours in 10-minute steps, across the hour.
            for step in 0...12 {
                clock.set(Self.t0.addingTimeInterval(Double(step * 600 - 1_800)))
                #expect(try await client.send(.post, "/v1/traces", body: Self.requests(30, failing: step % 4, round: 100 + step)).status == .ok)
                try await Self.evaluate(client)
                let metrics = try await client.send(.get, "/metrics").text.split(separator: "\n")
                func held(_ name: String, _ id: String) -> Double? {
                    metrics.first { $0.hasPrefix(name + "{") && $0.contains("sloth_id=\"\(id)\"") }.flatMap { $0.split(separator: " ").last }
                        .flatMap { Double($0) }
                }
                for (id, objective) in [("availability", 99.9), ("relaxed", 99.0), ("server-errors", 99.5), ("fast", 95.0)] {
                    let status = try await client.send(.get, "/api/v1/slos/api-service-\(id)/status").json
                    let remaining = try #require((status["errorBudget"] as? [String: Any])?["remainingPercent"] as? Double)
                    #expect(abs((held("error_budget_remaining_percent", "api-service-" + id) ?? .nan) - remaining) < 1e-9, "\(id) at step \(step)")
                    let threeDays = ((status["burnRates"] as? [String: Any])?["3d"] as? Double).map { $0 * (1 - objective / 100) }
                    let heldThreeDays = held("slo:sli_error:ratio_rate3d", "api-service-" + id)
                    #expect(abs((heldThreeDays ?? .nan) - (threeDays ?? .nan)) < 1e-9, "\(id) at step \(step): 3d \(String(describing: heldThreeDays))")
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func definitionsAreManagedAndBadOnesRefused(_ backend: TestBackend) async throws {
        try await Self.withClockedApp(backend) { client, _ in
            #expect(try await client.send(.post, "/api/v1/slos", body: Self.availability).status == .created)
            let duplicate = try await client.send(.post, "/api/v1/slos", body: Self.availability)
            #expect(duplicate.status == .conflict)
            let invalid = try await client.send(.post, "/api/v1/slos", body: #"{"service":"api-service","name":"x","objective":120,"indicator":{"availability":{}}}"#)
            #expect(invalid.status == .badRequest && invalid.error.field == "objective")
            let yaml = "service: api-service\nname: latency\nobjective: 99\nindicator:\n  latency: {threshold: 250ms}\n"
            #expect(try await client.send(.post, "/api/v1/slos", body: yaml, contentType: "application/yaml").status == .created)
            let mismatch = try await client.send(.put, "/api/v1/slos/api-service-other", body: Self.availability)
            #expect(mismatch.status == .badRequest && mismatch.error.field == "name")
            #expect(try await client.send(.get, "/api/v1/slos/nope/status").status == .notFound)
            let badStep = try await client.send(.get, "/api/v1/slos/api-service-availability/history?step=1s")
            #expect(badStep.status == .badRequest && badStep.error.field == "step")

            // A bulk apply with one bad objective writes none of them.
            let bulk = """
                {"slos":[{"service":"a","name":"ok","objective":99,"indicator":{"availability":{}}},
                         {"service":"b","name":"bad","objective":99,"indicator":{"latency":{"threshold":"-1s"}}}]}
                """
            let refused = try await client.send(.put, "/api/v1/slos", body: bulk)
            #expect(refused.status == .badRequest && refused.error.field == "slos[1].indicator.latency.threshold")
            #expect(try await client.send(.get, "/api/v1/slos/a-ok").status == .notFound)

            let prometheus = #"{"service":"api-service","name":"prom","objective":99,"indicator":{"prometheus":{"bad":"sum(rate(e[{{.window}}]))","total":"sum(rate(t[{{.window}}]))"}}}"#
            #expect(try await client.send(.post, "/api/v1/slos", body: prometheus).status == .created)
            let unconfigured = try await client.send(.get, "/api/v1/slos/api-service-prom/status")
            #expect(unconfigured.status == .conflict && unconfigured.error.code == "source_unavailable")
            #expect(try await client.send(.get, "/api/v1/slos/api-service-prom/attribution").status == .unprocessableContent)

            let listed = try await client.send(.get, "/api/v1/slos?service=api-service").json["slos"] as? [[String: Any]]
            #expect(listed?.compactMap { $0["id"] as? String } == ["api-service-availability", "api-service-latency", "api-service-prom"])
            #expect(try await client.send(.delete, "/api/v1/slos/api-service-prom").status == .noContent)
            #expect(try await client.send(.delete, "/api/v1/slos/api-service-prom").status == .notFound)
        }
    }

    @Test func feasibilityMultipliesTheObjectivesOfHardDependencies() async throws {
        try await Self.withClockedApp { client, _ in
            #expect(try await client.send(.put, "/api/v1/catalog", body: try exampleCatalog(), contentType: "application/yaml").status == .ok)
            let strict = #"{"service":"api-service","name":"availability","objective":99.99,"indicator":{"availability":{}}}"#
            #expect(try await client.send(.post, "/api/v1/slos", body: strict).status == .created)
            for (service, objective) in [("auth-service", 99.95), ("postgres", 99.95)] {
                let body = #"{"service":"\#(service)","name":"availability","objective":\#(objective),"indicator":{"availability":{}}}"#
                #expect(try await client.send(.post, "/api/v1/slos", body: body).status == .created)
            }
            let report = try await client.send(.get, "/api/v1/slos/api-service-availability/feasibility").json
            let dependencies = try #require(report["dependencies"] as? [[String: Any]])
            let names = Set(dependencies.compactMap { $0["name"] as? String })
            #expect(names.isSuperset(of: ["postgres", "auth-service"]))
            let bound = try #require(report["maximumAchievablePercent"] as? Double)
            let product = dependencies.compactMap { $0["availabilityPercent"] as? Double }.reduce(100.0) { $0 * $1 / 100 }
            #expect(abs(bound - product) < 1e-9 && bound < 99.99)
            #expect(report["feasible"] as? Bool == false)
            #expect((report["warning"] as? String)?.contains("is above the") == true)
        }
    }
}
