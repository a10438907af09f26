import Foundation
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing
import SextantServer
import SextantTestSupport

@Suite("Health, readiness and metrics")
struct HealthTests {
    @Test(arguments: TestBackend.available)
    func healthyWithAStoreThatAnswers(_ backend: TestBackend) async throws {
        try await withTestApp(backend) { client, _ in
            // The store answers: /health says so once a ping comes back within its 2 s (a ping may
            // miss that while the whole suite loads a shared PostgreSQL), so wait for the answer.
            var response = try await client.send(.get, "/health")
            for _ in 0..<60 where response.status != .ok {
                try await Task.sleep(for: .milliseconds(500))
                response = try await client.send(.get, "/health")
            }
            #expect(response.status == .ok)
            #expect(response.json["status"] as? String == "healthy")
            #expect(response.json["version"] as? String == SextantVersion.current)
            #expect((response.json["uptimeSeconds"] as? Double).map { $0 >= 0 } == true)
            #expect(response.json["checks"] as? [String: String] == ["store": "ok"])
            var ready = try await client.send(.get, "/ready")
            for _ in 0..<60 where ready.status != .ok {
                try await Task.sleep(for: .milliseconds(500))
                ready = try await client.send(.get, "/ready")
            }
            #expect(ready.status == .ok)
            #expect(ready.json["status"] as? String == "ready")
        }
    }

    @Test func unhealthyAndNotReadyWhenTheStoreIsUnreachable() async throws {
        let environment = AppEnvironment(configuration: .init(), engine: UnreachableEngine(), registry: PrometheusCollectorRegistry())
        environment.readiness.markMigrated()
        try await buildApplication(environment, logger: .quiet).test(.router) { client in
            let health = try await client.send(.get, "/health")
            #expect(health.status == .serviceUnavailable)
            #expect(health.json["status"] as? String == "unhealthy")
            #expect(health.json["checks"] as? [String: String] == ["store": "error: connection refused"])
            let ready = try await client.send(.get, "/ready")
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.json["reason"] as? String == "store unavailable: connection refused")
        }
    }

    @Test func notReadyBeforeMigrationsOrWhileShuttingDown() async throws {
        try await withMigratedEngine(.sqlite) { engine, _ in
            let environment = AppEnvironment(configuration: .init(), engine: engine, registry: PrometheusCollectorRegistry())
            try await buildApplication(environment, logger: .quiet).test(.router) { client in
                let client = try await keyed(client, environment)
                let early = try await client.send(.get, "/ready")
                #expect(early.status == .serviceUnavailable)
                #expect(early.json["reason"] as? String == "migrations have not been applied")
                environment.readiness.markMigrated()
                #expect(try await client.send(.get, "/ready").status == .ok)
                environment.readiness.markShuttingDown()
                let leaving = try await client.send(.get, "/ready")
                #expect(leaving.status == .serviceUnavailable)
                #expect(leaving.json["reason"] as? String == "shutting down")
            }
        }
    }

    @Test func metricsAreLabelledByRouteTemplateAndStatus() async throws {
        try await withTestApp { client, _ in
            try await client.send(.get, "/api/v1/components/alpha")
            try await client.send(.get, "/api/v1/components/beta")
            try await client.send(.post, "/api/v1/components", body: componentJSON("alpha"))
            try await client.send(.get, "/no/such/path")
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = metrics.text
            #expect(text.contains(#"http_requests_total{method="GET",route="/api/v1/components/{name}",status="404"} 2"#))
            #expect(text.contains(#"http_requests_total{method="POST",route="/api/v1/components",status="201"} 1"#))
            #expect(text.contains(#"http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
            #expect(text.contains(#"http_request_duration_seconds_bucket{method="GET",route="/api/v1/components/{name}",status="404",le="+Inf"} 2"#))
            #expect(!text.contains("alpha"))
            #expect(text.contains("process_resident_memory_bytes "))
            #expect(text.contains("process_cpu_seconds_total "))
            #expect(text.contains(#"sextant_build_info{version="\#(SextantVersion.current)"} 1"#))
        }
    }
}
