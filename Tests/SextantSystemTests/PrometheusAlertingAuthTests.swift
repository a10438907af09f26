import Foundation
import Testing

/// A real Prometheus 2.42 posts its alerts to Sextant with an `ingest` key in
/// `alerting.alertmanagers[].authorization`, and is refused without one.
@Suite("Prometheus alerting with a key")
struct PrometheusAlertingAuthTests {
    @Test(.enabled(if: PrometheusInteropTests.binary != nil || PrometheusInteropTests.isRequired))
    func prometheusPostsAlertsWithAnIngestKeyAndIsRefusedWithout() async throws {
        let binary = try #require(PrometheusInteropTests.binary, "SEXTANT_REQUIRE_PROMETHEUS=1 but SEXTANT_TEST_PROMETHEUS is not set")
        let directory = try temporaryDirectory()
        let keyed = try SextantProcess(["serve", "--port", "0", "--data-dir", directory + "/keyed"])
        let anonymous = try SextantProcess(["serve", "--port", "0", "--data-dir", directory + "/anonymous"])
        let keyedPort = try await keyed.port(), anonymousPort = try await anonymous.port()
        let created = try await runSextant(["keys", "create", "--name", "prometheus", "--role", "ingest", "--server", "http://127.0.0.1:\(keyedPort)"])
        let ingest = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(ingest.hasPrefix("sxk_"), "\(created)")
        try """
            groups:
              - name: always
                rules:
                  - alert: AlwaysFiring
                    expr: vector(1)
                    labels: {severity: page}
            """.write(toFile: directory + "/rules.yml", atomically: true, encoding: .utf8)
        let prometheus = try PrometheusProcess(binary: binary, port: freePort(), directory: directory + "/prometheus", targets: [], extra: """
            rule_files: ['\(directory)/rules.yml']
            alerting:
              alertmanagers:
                - api_version: v2
                  static_configs: [{targets: ['127.0.0.1:\(keyedPort)']}]
                  authorization: {type: Bearer, credentials: '\(ingest)'}
                - api_version: v2
                  static_configs: [{targets: ['127.0.0.1:\(anonymousPort)']}]
            """)
        defer { prometheus.stop() }
        try await prometheus.waitUntilReady()

        var received = ""
        for _ in 0..<300 where !received.contains("AlwaysFiring") {
            try await Task.sleep(for: .milliseconds(100))
            received = try await httpGet("http://127.0.0.1:\(keyedPort)/api/v2/alerts").body
        }
        #expect(received.contains("AlwaysFiring"), "the keyed Sextant never received Prometheus' alert")

        var denied: [[String: Any]] = []
        for _ in 0..<300 where denied.isEmpty {
            let audit = try await httpGet("http://127.0.0.1:\(anonymousPort)/api/v1/audit?action=create&limit=1000").body
            let records = (try JSONSerialization.jsonObject(with: Data(audit.utf8)) as? [String: Any])?["records"] as? [[String: Any]] ?? []
            denied = records.filter { $0["route"] as? String == "/api/v2/alerts" && $0["outcome"] as? String == "denied" && $0["status"] as? Int == 401 }
            if denied.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(!denied.isEmpty, "Prometheus' unkeyed posts were never refused")
        #expect(try await httpGet("http://127.0.0.1:\(anonymousPort)/api/v2/alerts").body == "[]")
    }
}
