import Foundation
import Testing
import SextantAPI
import SextantCore
import SextantOutbound
import SextantStorage
import SextantTestSupport
import SextantWire
import Yams

@testable import SextantServer

/// Deployment documents that cannot run are refused by field, and the RED measurements of a new
/// version, alone and against the stable one, come from the version rollups.
@Suite("Deployment analysis and documents")
struct DeploymentAnalysisTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func request(_ patch: @Sendable (inout DeploymentRequest) -> Void) -> DeploymentRequest {
        var request = DeploymentRequest(
            service: "checkout", version: "v2",
            strategy: DeploymentStrategyDocument(canary: CanaryDocument(steps: [CanaryStepDocument(setWeight: 20), CanaryStepDocument(analysis: "red")])),
            traffic: TrafficProviderDocument(webhook: WebhookTrafficDocument(url: "http://127.0.0.1:9/traffic")),
            analyses: ["red": AnalysisDocument(metrics: [AnalysisMetricDocument(name: "errors", provider: MetricProviderDocument(red: REDMetricDocument(measure: "errorRatio")),
                                                                                 failureCondition: "result > 0.05")])]
        )
        patch(&request)
        return request
    }

    static let refused: [(String, @Sendable (inout DeploymentRequest) -> Void)] = [
        ("service", { $0.service = "" }),
        ("strategy.canary.steps[1]", { $0.strategy?.canary?.steps?[1] = CanaryStepDocument(analysis: "nosuch") }),
        ("strategy.canary.steps[0]", { $0.strategy?.canary?.steps?[0] = CanaryStepDocument(setWeight: 101) }),
        ("strategy.canary.steps[0]", { $0.strategy?.canary?.steps?[0] = CanaryStepDocument(setWeight: 5, analysis: "red") }),
        ("strategy", { $0.strategy?.blueGreen = BlueGreenDocument() }),
        ("traffic", { $0.traffic = nil }),
        ("traffic.webhook.url", { $0.traffic = TrafficProviderDocument(webhook: WebhookTrafficDocument(url: "ftp://x/")) }),
        ("traffic.webhook.timeout", { $0.traffic?.webhook?.timeout = "1h" }),
        ("traffic.command.path", { $0.traffic = TrafficProviderDocument(command: CommandTrafficDocument(path: "relative/program")) }),
        ("traffic.nginx.stable[0]", { $0.traffic = TrafficProviderDocument(nginx: NginxTrafficDocument(
            upstream: "shop", upstreamFile: "/tmp/u", markerFile: "/tmp/m", verifyURL: "http://127.0.0.1/", stable: ["no-port"], canary: ["a:1"])) }),
        ("traffic.nginx.upstream", { $0.traffic = TrafficProviderDocument(nginx: NginxTrafficDocument(
            upstream: "shop;", upstreamFile: "/tmp/u", markerFile: "/tmp/m", verifyURL: "http://127.0.0.1/", stable: ["a:1"], canary: ["a:2"])) }),
        ("analyses.red.metrics[0].failureCondition", { $0.analyses?["red"]?.metrics[0].failureCondition = "result >" }),
        ("analyses.red.metrics[0].interval", { $0.analyses?["red"]?.metrics[0].interval = "2h" }),
        ("analyses.red.metrics[0].noData", { $0.analyses?["red"]?.metrics[0].noData = "maybe" }),
        ("analyses.red.metrics[0].provider.red.quantile", { $0.analyses?["red"]?.metrics[0].provider = MetricProviderDocument(red: REDMetricDocument(measure: "latency", quantile: 1)) }),
        ("analyses.red.metrics[0].provider", { $0.analyses?["red"]?.metrics[0].provider = MetricProviderDocument() }),
        ("progressDeadline", { $0.progressDeadline = "1s" }),
        ("traffic.webhook.url", { $0.traffic = TrafficProviderDocument(webhook: WebhookTrafficDocument(url: "http://deployer:hunter2@127.0.0.1:9/traffic")) }),
        ("traffic.webhook.url", { $0.traffic = TrafficProviderDocument(webhook: WebhookTrafficDocument(url: "http://127.0.0.1:9/traffic?api_token=abc")) }),
        ("commits[0].time", { $0.commits = [DeploymentCommit(sha: "abc", time: "yesterday")] }),
        ("recorded", { $0.recorded = RecordedRelease() }),
        ("strategy.rolling.instances[1].name", { $0.strategy = DeploymentStrategyDocument(rolling: RollingDocument(
            instances: [RollingInstanceDocument(name: "a", healthURL: "http://a/"), RollingInstanceDocument(name: "a", healthURL: "http://b/")],
            update: CommandTrafficDocument(path: "/bin/true"))) }),
    ]

    @Test func documentsThatCannotRunAreRefusedByField() throws {
        _ = try ResolvedDeployment(Self.request { _ in })
        for (field, patch) in Self.refused {
            do {
                _ = try ResolvedDeployment(Self.request(patch))
                Issue.record("accepted; expected a refusal at \(field)")
            } catch let error as ValidationError {
                #expect(error.field == field, "\(error)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func redMeasuresTheNewVersionAloneAndAgainstTheStableOne(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let rollups = SQLRollupStore(engine: engine)
            var delta = RollupDelta()
            let bucket = RollupDelta.minuteBucket(Self.t0.timeIntervalSince1970)
            // Stable: 100 requests, 5 errors, 100 ms each; new: 50 requests, 10 errors, 200 ms each.
            for (version, count, errors, nanos) in [("v1", 100, 5, UInt64(100_000_000)), ("v2", 50, 10, UInt64(200_000_000))] {
                for index in 0..<count {
                    var span = Span(traceID: TraceID(high: 1, low: UInt64(index)), spanID: SpanID(UInt64(index + 1)), service: "checkout",
                                    name: "GET /", kind: .server, startNanos: 0, endNanos: nanos, isError: index < errors)
                    span.version = version
                    delta.record(span, bucket: bucket)
                }
            }
            // One more operation of the new version, without errors.
            for index in 0..<50 {
                var span = Span(traceID: TraceID(high: 2, low: UInt64(index)), spanID: SpanID(UInt64(index + 1)), service: "checkout",
                                name: "GET /health", kind: .server, startNanos: 0, endNanos: 1_000_000)
                span.version = "v2"
                delta.record(span, bucket: bucket)
            }
            try await rollups.commit(delta, at: Self.t0)
            let measurer = MetricMeasurer(rollups: rollups, prometheus: nil, transport: LiveHTTPTransport(allowsLinkLocal: false))
            let now = Self.t0.addingTimeInterval(30)
            func measure(_ source: ResolvedDeployment.MetricSource, stable: String? = "v1") async -> MetricMeasurer.Reading {
                await measurer.measure(source, service: "checkout", version: "v2", stableVersion: stable, at: now)
            }
            let alone = await measure(.red(.errorRatio, window: 60, operation: "GET /"))
            #expect(alone.value == 0.2 && alone.requests == 50)
            let whole = await measure(.red(.errorRatio, window: 60))
            #expect(whole.value == 0.1 && whole.requests == 100, "both operations of v2: \(whole)")
            let compared = await measure(.comparison(.errorRatio, window: 60, operation: "GET /"))
            #expect(abs((compared.value ?? 0) - 15) < 1e-9 && compared.requests == 50)
            let slower = await measure(.comparison(.latency(quantile: 0.95), window: 60, operation: "GET /"))
            #expect((slower.value ?? 0) > 50, "p95 of 200 ms against 100 ms: \(slower)")
            #expect(await measure(.comparison(.errorRatio, window: 60), stable: nil).error != nil)
            #expect(await measure(.red(.errorRatio, window: 60), stable: nil).value != nil)
            let later = await measurer.measure(.red(.errorRatio, window: 60), service: "checkout", version: "v2", stableVersion: nil,
                                               at: Self.t0.addingTimeInterval(600))
            #expect(later.value == nil && later.requests == 0)
            #expect(await measure(.red(.errorRatio, window: 60, operation: "nosuch")).requests == 0)
            #expect(await measure(.prometheus("up")).error?.contains("no Prometheus") == true)
        }
    }

    /// The example in the repository is a deployment that can run.
    /// A stored request this server cannot read (written by another version, or edited) is shown
    /// as stored and refused for actions, never a 500.
    @Test func aStoredRequestThatNoLongerResolvesIsShownNotAFailure() async throws {
        try await withTestApp { client, environment in
            try await environment.deployments.create(DeploymentRecord(
                id: "old1", service: "checkout", version: "v9", stableVersion: nil, strategy: "canary", spec: #"{"service": "checkout"}"#,
                status: DeploymentStatus(phase: "progressing", rolledBack: false, step: 1, weight: 20, reason: nil, active: true, updatedAt: Self.t0,
                                         finishedAt: nil),
                createdBy: "ops", createdAt: Self.t0))
            let shown = try await client.send(.get, "/api/v1/deployments/old1")
            #expect(shown.status == .ok && shown.text.contains("cannot read the stored request") && shown.json["weight"] as? Int == 20, "\(shown.text)")
            let acted = try await client.send(.put, "/api/v1/deployments/old1", body: #"{"action": "pause", "reason": "x"}"#)
            #expect(acted.status == .conflict && acted.text.contains("cannot read deployment old1"), "\(acted.text)")
        }
    }

    @Test func theExampleCanaryResolves() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/canary.yaml").path
        let node = try #require(try YAMLBody.document(try String(contentsOfFile: path, encoding: .utf8)))
        let request = try YAMLDecoder().decode(StrictDocument<DeploymentRequest>.self, from: node).value
        let resolved = try ResolvedDeployment(request)
        #expect(resolved.canaryPlan?.steps.count == 8 && resolved.backgroundAnalysis == "against-stable")
        #expect(resolved.analyses["red"]?.map(\.rule.name) == ["error-ratio", "p95"])
        #expect(resolved.progressDeadline == 900)
    }

    @Test func webValuesAreReadAtTheirJSONPath() {
        let body = Array(#"{"data": {"result": [{"value": 0.25}, {"value": "3.5"}], "ok": true, "none": null}}"#.utf8)
        #expect(MetricMeasurer.number(in: body, at: ["data", "result", "0", "value"]).value == 0.25)
        #expect(MetricMeasurer.number(in: body, at: ["data", "result", "1", "value"]).value == 3.5)
        #expect(MetricMeasurer.number(in: body, at: ["data", "ok"]).error != nil)
        #expect(MetricMeasurer.number(in: body, at: ["data", "none"]).value == nil)
        #expect(MetricMeasurer.number(in: body, at: ["data", "missing"]).error != nil)
        #expect(MetricMeasurer.number(in: Array("not json".utf8), at: []).error != nil)
    }
}
