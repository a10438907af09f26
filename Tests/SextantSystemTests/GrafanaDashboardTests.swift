import Foundation
import SextantCore
import SextantTestSupport
import Testing

/// The Grafana dashboard a service exports: Grafana's model with data-source inputs, every panel
/// on one of them, its PromQL accepted by promtool, its LogQL and TraceQL by Sextant's parsers
/// (Sextant answers them as the Loki and Tempo data sources).
@Suite("Grafana dashboard export")
struct GrafanaDashboardTests {
    @Test(.enabled(if: SLOCommandTests.promtool != nil || PrometheusInteropTests.isRequired))
    func aServicesDashboardImportsWithItsDataSourcesAndValidQueries() async throws {
        let promtool = try #require(SLOCommandTests.promtool, "SEXTANT_TEST_PROMTOOL is not set")
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--demo"])
        let url = "http://127.0.0.1:\(try await server.port())"
        try await awaitReadiness(of: "the demo's services", within: .seconds(30)) {
            (try? await httpGet("\(url)/api/v1/services"))?.body.contains("api-service") == true
        }
        let missing = try await httpGet("\(url)/api/v1/grafana/dashboard")
        #expect(missing.status == 400 && missing.body.contains("\"field\":\"service\""))
        #expect(try await httpGet("\(url)/api/v1/grafana/dashboard?service=nothing").status == 404)
        let answer = try await httpGet("\(url)/api/v1/grafana/dashboard?service=api-service")
        #expect(answer.status == 200)
        let model = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
        let inputs = Set((model["__inputs"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
        #expect(inputs == ["DS_PROMETHEUS", "DS_SEXTANT_TEMPO", "DS_SEXTANT_LOKI"])
        let panels = model["panels"] as? [[String: Any]] ?? []
        #expect(panels.count == 9 && model["schemaVersion"] as? Int == 39 && (model["title"] as? String)?.contains("api-service") == true)
        var rules = "groups:\n- name: dashboard\n  rules:\n"
        for (index, panel) in panels.enumerated() {
            let source = panel["datasource"] as? [String: String] ?? [:]
            let uid = source["uid"] ?? ""
            #expect(inputs.contains(where: { uid == "${\($0)}" }), "panel \(index): \(source)")
            #expect(panel["gridPos"] is [String: Any])
            for target in panel["targets"] as? [[String: Any]] ?? [] {
                switch source["type"] {
                case "prometheus":
                    let expression = try #require(target["expr"] as? String)
                    rules += "  - record: dashboard:panel\(index)\n    expr: '\(expression.replacingOccurrences(of: "'", with: "''"))'\n"
                case "loki": #expect(throws: Never.self) { try LogQL.parse(target["expr"] as? String ?? "") }
                case "tempo": #expect(throws: Never.self) { try TraceQLQuery.parse(target["query"] as? String ?? "") }
                default: Issue.record("panel \(index) has no known data source: \(source)")
                }
            }
        }
        try rules.write(toFile: directory + "/dashboard.rules.yml", atomically: true, encoding: .utf8)
        let checked = try runTool(promtool, ["check", "rules", directory + "/dashboard.rules.yml"], in: directory)
        #expect(checked.status == 0 && checked.output.contains("SUCCESS: 6 rules found"), "\(checked.output)\n\(rules)")
    }
}
