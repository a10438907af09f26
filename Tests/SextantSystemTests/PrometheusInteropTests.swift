#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOCore
import AsyncHTTPClient
import Testing
import SextantCore
import SextantOutbound
import SextantWire

/// A free TCP port on loopback, below the ephemeral range (see `LoopbackPort`).
func freePort() -> Int { LoopbackPort.unused() }

/// Sextant emits Tempo-shaped service-graph metrics from real OTLP; a real Prometheus scrapes
/// them; another Sextant reads them back with the `ingest-service-graph` job.
@Suite("Prometheus interop")
struct PrometheusInteropTests {
    static let binary = ProcessInfo.processInfo.environment["SEXTANT_TEST_PROMETHEUS"]
    static let isRequired = ProcessInfo.processInfo.environment["SEXTANT_REQUIRE_PROMETHEUS"] == "1"

    /// Calls frontend → api-service, api-service → postgres (database), and root spans (user).
    static func traffic(rounds: Int) -> [UInt8] {
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        var frontend: [OTLPExport.SpanRecord] = [], api: [OTLPExport.SpanRecord] = []
        for round in 0..<rounds {
            let trace = TraceID(high: 0xF00D, low: UInt64(round + 1))
            frontend += [
                .init(traceID: trace, spanID: SpanID(1), name: "GET /", kind: .server, startNanos: now, endNanos: now + 50_000_000),
                .init(traceID: trace, spanID: SpanID(2), parentSpanID: SpanID(1), name: "GET /api", kind: .client, startNanos: now, endNanos: now + 40_000_000),
            ]
            api += [
                .init(traceID: trace, spanID: SpanID(3), parentSpanID: SpanID(2), name: "GET /api", kind: .server, startNanos: now,
                      endNanos: now + 30_000_000, isError: round % 4 == 0),
                .init(traceID: trace, spanID: SpanID(4), parentSpanID: SpanID(3), name: "SELECT", kind: .client, startNanos: now,
                      endNanos: now + 5_000_000, attributes: [.init("db.system", .string("postgresql")), .init("peer.service", .string("postgres"))]),
            ]
        }
        return OTLPExport(resources: [.init(service: "frontend", spans: frontend), .init(service: "api-service", spans: api)]).protobuf()
    }

    static func runJob(_ url: String, key: String = TestAdminKey.text) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: "\(url)/api/v1/jobs/ingest-service-graph/run")
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        request.method = .POST
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        let started = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
        let id = try #require(started?["runId"] as? String)
        for _ in 0..<300 {
            let run = try JSONSerialization.jsonObject(with: Data(try await httpGet("\(url)/api/v1/jobs/ingest-service-graph/runs/\(id)", key: key).body.utf8)) as? [String: Any] ?? [:]
            if run["outcome"] as? String != "running" { return run }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ProcessFailure("the ingest-service-graph run \(id) did not finish")
    }

    @Test(.enabled(if: binary != nil || isRequired))
    func theGraphMakesTheRoundTripThroughPrometheus() async throws {
        let binary = try #require(Self.binary, "SEXTANT_REQUIRE_PROMETHEUS=1 but SEXTANT_TEST_PROMETHEUS is not set")
        let directory = try temporaryDirectory()
        let emitter = try SextantProcess(["serve", "--port", "0", "--data-dir", directory + "/emitter", "--emit-service-graph-metrics"])
        let emitterPort = try await emitter.port()
        // Traffic keeps flowing while the test runs, so that increase() sees the counters grow.
        let sender = Task {
            while !Task.isCancelled {
                var post = keyedRequest("http://127.0.0.1:\(emitterPort)/v1/traces")
                post.method = .POST
                post.headers.add(name: "Content-Type", value: "application/x-protobuf")
                post.body = .bytes(ByteBuffer(bytes: Self.traffic(rounds: 8)))
                _ = try? await HTTPClient.shared.execute(post, timeout: .seconds(10))
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        defer { sender.cancel() }

        let prometheusPort = freePort()
        var prometheus = try PrometheusProcess(binary: binary, port: prometheusPort, directory: directory + "/prometheus",
                                               targets: ["127.0.0.1:\(emitterPort)"])
        try await prometheus.waitUntilReady()
        let client = PrometheusClient(configuration: .init(
            baseURL: prometheus.url, authentication: .basic(username: PrometheusProcess.username, password: PrometheusProcess.password),
            attempts: 2, backoff: .milliseconds(100)
        ))
        for _ in 0..<300 {
            let series = try await client.query("traces_service_graph_request_total")
            if series.count >= 3 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let range = try await client.queryRange("sum(traces_service_graph_request_total)", start: Date().addingTimeInterval(-30), end: Date(), step: .seconds(5))
        #expect(range.count == 1 && (range.first?.values.count ?? 0) >= 1)
        // Prometheus' own errors come back typed, with its errorType.
        await #expect(throws: PrometheusError.self) { try await client.query("sum(") }
        do {
            _ = try await client.query("sum(")
        } catch let error as PrometheusError {
            if case .queryFailed(let type, _) = error { #expect(type == "bad_data") } else { Issue.record("unexpected \(error)") }
        }
        await client.shutdown()
        // Without the credentials Prometheus refuses, and the client says so.
        let stranger = PrometheusClient(configuration: .init(baseURL: prometheus.url, attempts: 1))
        do {
            _ = try await stranger.query("up")
            Issue.record("Prometheus answered a query without credentials")
        } catch let error as PrometheusError {
            #expect(error.description.contains("HTTP 401"), "\(error)")
        }
        await stranger.shutdown()

        let reader = try SextantProcess([
            "serve", "--port", "0", "--data-dir", directory + "/reader", "--prometheus-url", prometheus.url,
            "--prometheus-basic-auth", "\(PrometheusProcess.username):\(PrometheusProcess.password)",
            "--prometheus-backoff", "200ms", "--prometheus-lookback", "5m", "--schedule", "ingest-service-graph=@every 1h",
        ])
        let readerURL = "http://127.0.0.1:\(try await reader.port())"
        // The series need two scrapes before increase() sees them grow: wait for a run that finds them.
        var run: [String: Any] = [:]
        for _ in 0..<30 {
            run = try await Self.runJob(readerURL)
            if (run["message"] as? String)?.hasPrefix("read 3 edges") == true { break }
            try await Task.sleep(for: .seconds(1))
        }
        #expect(run["outcome"] as? String == "succeeded")
        #expect((run["message"] as? String)?.hasPrefix("read 3 edges (0 asynchronous)") == true, "\(run)")
        let graph = try JSONSerialization.jsonObject(with: Data(try await httpGet("\(readerURL)/api/v1/graph").body.utf8)) as? [String: Any]
        var edges: [String: [String: Any]] = [:]
        for edge in graph?["edges"] as? [[String: Any]] ?? [] {
            edges["\(edge["from"] as? String ?? "")->\(edge["to"] as? String ?? "")"] = edge
        }
        #expect(Set(edges.keys) == ["user->frontend", "frontend->api-service", "api-service->postgres"])
        #expect(edges.values.allSatisfy { $0["observedBy"] as? [String] == ["prometheus"] && $0["lastSeen"] is String })
        #expect(edges["api-service->postgres"]?["connectionTypes"] as? [String] == ["database"])
        #expect(edges["frontend->api-service"]?["communication"] as? String == "synchronous")
        #expect(edges["user->frontend"]?["connectionTypes"] as? [String] == ["virtual_node"])

        // Prometheus gone: the run fails with a clear message, and the scheduler goes on.
        prometheus.stop()
        let failed = try await Self.runJob(readerURL)
        #expect(failed["outcome"] as? String == "failed")
        let message = try #require(failed["message"] as? String)
        #expect(message.contains("Prometheus is unavailable") && message.contains("connection refused"), "\(message)")
        #expect(message.contains("did not answer after 3 attempts"), "\(message)")
        #expect(try await httpGet("\(readerURL)/api/v1/jobs").status == 200)

        // Prometheus back: the next run succeeds.
        prometheus = try PrometheusProcess(binary: binary, port: prometheusPort, directory: directory + "/prometheus",
                                           targets: ["127.0.0.1:\(emitterPort)"])
        try await prometheus.waitUntilReady()
        let recovered = try await Self.runJob(readerURL)
        #expect(recovered["outcome"] as? String == "succeeded", "\(recovered)")
        prometheus.stop()

        reader.signal(SIGTERM)
        emitter.signal(SIGTERM)
        #expect(try await reader.exitStatus() == 0)
        #expect(try await emitter.exitStatus() == 0)
    }
    /// A new edge's series are exposed at zero until scraped once, so that one burst of calls,
    /// sent after scraping started and never again, shows in Prometheus' `increase()` and is
    /// learned back by `ingest-service-graph`.
    @Test(.enabled(if: binary != nil || isRequired))
    func aSingleBurstOfCallsIsCountedByPrometheus() async throws {
        let binary = try #require(Self.binary, "SEXTANT_REQUIRE_PROMETHEUS=1 but SEXTANT_TEST_PROMETHEUS is not set")
        let directory = try temporaryDirectory()
        let emitter = try SextantProcess(["serve", "--port", "0", "--data-dir", directory + "/emitter", "--emit-service-graph-metrics",
                                          "--servicegraph-wait", "1s"])
        let emitterPort = try await emitter.port()
        let prometheus = try PrometheusProcess(binary: binary, port: freePort(), directory: directory + "/prometheus",
                                               targets: ["127.0.0.1:\(emitterPort)"])
        defer { prometheus.stop() }
        try await prometheus.waitUntilReady()
        let client = PrometheusClient(configuration: .init(
            baseURL: prometheus.url, authentication: .basic(username: PrometheusProcess.username, password: PrometheusProcess.password),
            attempts: 2, backoff: .milliseconds(100)
        ))
        var scraped = false
        for _ in 0..<300 where !scraped {
            scraped = try await client.query("up == 1").count == 1
            if !scraped { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(scraped)

        var post = keyedRequest("http://127.0.0.1:\(emitterPort)/v1/traces")
        post.method = .POST
        post.headers.add(name: "Content-Type", value: "application/x-protobuf")
        post.body = .bytes(ByteBuffer(bytes: Self.traffic(rounds: 8)))
        #expect(try await HTTPClient.shared.execute(post, timeout: .seconds(10)).status == .ok)

        // Eight calls on each edge, counted by increase() once Prometheus has seen the series go from 0.
        var counted: [Double] = []
        for _ in 0..<300 {
            counted = try await client.query("increase(traces_service_graph_request_total[5m])").map(\.value)
            if counted.count == 3 && counted.allSatisfy({ $0 > 0 }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(counted.count == 3 && counted.allSatisfy { $0 > 0 }, "\(counted)")
        await client.shutdown()

        let reader = try SextantProcess([
            "serve", "--port", "0", "--data-dir", directory + "/reader", "--prometheus-url", prometheus.url,
            "--prometheus-basic-auth", "\(PrometheusProcess.username):\(PrometheusProcess.password)",
            "--prometheus-lookback", "5m", "--schedule", "ingest-service-graph=@every 1h",
        ])
        let run = try await Self.runJob("http://127.0.0.1:\(try await reader.port())")
        #expect((run["message"] as? String)?.hasPrefix("read 3 edges") == true, "\(run)")
        reader.signal(SIGTERM)
        emitter.signal(SIGTERM)
        #expect(try await reader.exitStatus() == 0)
        #expect(try await emitter.exitStatus() == 0)
    }

    /// A PromQL rule evaluated against a real Prometheus that scrapes Sextant itself: the rule
    /// fires with the series' labels, and the alert reaches the router.
    @Test(.enabled(if: binary != nil || isRequired))
    func promQLRulesAreEvaluatedByPrometheus() async throws {
        let binary = try #require(Self.binary, "SEXTANT_REQUIRE_PROMETHEUS=1 but SEXTANT_TEST_PROMETHEUS is not set")
        let directory = try temporaryDirectory()
        let sextantPort = freePort()
        let prometheus = try PrometheusProcess(binary: binary, port: freePort(), directory: directory + "/prometheus",
                                               targets: ["127.0.0.1:\(sextantPort)"])
        try await prometheus.waitUntilReady()
        try FileManager.default.createDirectory(atPath: directory + "/rules", withIntermediateDirectories: true)
        try """
            groups:
              - name: self
                interval: 1s
                rules:
                  - alert: SextantRunning
                    expr: sextant_build_info == 1
                    labels:
                      severity: info
                    annotations:
                      summary: "Sextant {{ $labels.version }} is scraped as {{ $labels.job }}"
                  - alert: NeverTrue
                    expr: sextant_build_info > 1
            """.write(toFile: directory + "/rules/self.yaml", atomically: true, encoding: .utf8)
        let sextant = try SextantProcess([
            "serve", "--port", "\(sextantPort)", "--data-dir", directory + "/sextant", "--rules", directory + "/rules",
            "--prometheus-url", prometheus.url, "--prometheus-basic-auth", "\(PrometheusProcess.username):\(PrometheusProcess.password)",
        ])
        let url = "http://127.0.0.1:\(try await sextant.port())"
        var alerts: [[String: Any]] = []
        for _ in 0..<300 where alerts.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            alerts = try JSONSerialization.jsonObject(with: Data(try await httpGet("\(url)/api/v2/alerts").body.utf8)) as? [[String: Any]] ?? []
        }
        let alert = try #require(alerts.first, "the PromQL rule never fired")
        #expect(alerts.count == 1)
        let labels = try #require(alert["labels"] as? [String: String])
        #expect(labels["alertname"] == "SextantRunning" && labels["job"] == "sextant" && labels["severity"] == "info")
        #expect(labels["instance"] == "127.0.0.1:\(sextantPort)" && labels["__name__"] == nil, "\(labels)")
        #expect((alert["annotations"] as? [String: String])?["summary"] == "Sextant \(labels["version"] ?? "?") is scraped as sextant")
        let rules = try JSONSerialization.jsonObject(with: Data(try await httpGet("\(url)/api/v1/rules").body.utf8)) as? [String: Any]
        let group = (rules?["groups"] as? [[String: Any]])?.first { $0["name"] as? String == "self" }
        let states = Dictionary(uniqueKeysWithValues: (group?["rules"] as? [[String: Any]] ?? []).map {
            ($0["name"] as? String ?? "", ($0["state"] as? String ?? "", $0["health"] as? String ?? ""))
        })
        #expect(states["SextantRunning"]?.0 == "firing" && states["SextantRunning"]?.1 == "ok", "\(states)")
        #expect(states["NeverTrue"]?.0 == "inactive" && states["NeverTrue"]?.1 == "ok", "\(states)")
        sextant.signal(SIGTERM)
        #expect(try await sextant.exitStatus() == 0)
        prometheus.stop()
    }
}
