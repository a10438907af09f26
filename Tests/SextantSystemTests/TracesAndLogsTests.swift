import Foundation
import SextantCore
import SextantTestSupport
import Testing

/// Traces and logs end to end, on every backend: the OpenTelemetry Python SDK sends 1,000 traces
/// across three services (every 20th failing) with a log line inside each, Promtail's protobuf
/// push adds ten lines, and then: every error trace is found, about 10 % of the rest is kept, the
/// rollups count all 1,000, each kept trace's log line resolves to it, the runbooks' LogQL
/// returns exactly the lines and counts computed here, and Grafana's requests get their shapes.
@Suite("Traces and logs")
struct TracesAndLogsTests {
    static func json(_ body: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    static func query(_ url: String, _ path: String, _ parameters: [String: String]) async throws -> [String: Any] {
        var components = URLComponents(string: url + path)!
        components.queryItems = parameters.map { URLQueryItem(name: $0.key, value: $0.value) }
        let answer = try await httpGet(components.url!.absoluteString.replacingOccurrences(of: "+", with: "%2B"))
        #expect(answer.status == 200, "\(path) \(parameters): \(answer.body.prefix(500))")
        return json(answer.body)
    }

    @Test(.enabled(if: PythonSDKInteropTests.python != nil || PythonSDKInteropTests.isRequired), arguments: TestBackend.available)
    func sampledTracesAndLogsAnswerJaegerTempoAndLokiQueries(_ backend: TestBackend) async throws {
        let python = try #require(PythonSDKInteropTests.python, "SEXTANT_REQUIRE_INTEROP=1 but SEXTANT_TEST_PYTHON is not set")
        try await withTestDatabase(backend) { database in
            let server = try SextantProcess(["serve", "--port", "0", "--database-url", try #require(database.url), "--trace-sampling-wait", "1s"])
            let url = "http://127.0.0.1:\(try await server.port())"
            let script = PythonSDKInteropTests.scripts.appendingPathComponent("traces_and_logs.py").path
            let sender = try ChildProcess(python, [script, "send", url, TestAdminKey.text], environment: ProcessInfo.processInfo.environment)
            #expect(try await sender.exitStatus(timeout: .seconds(300)) == 0, "\(sender.errorOutput)")
            let sent = Self.json(sender.output)
            let traces = try #require(sent["traces"] as? [[String: Any]])
            let errorIDs = Set(traces.filter { $0["error"] as? Bool == true }.compactMap { $0["id"] as? String })
            let normalIDs = Set(traces.filter { $0["error"] as? Bool == false }.compactMap { $0["id"] as? String })
            #expect(errorIDs.count == 50 && normalIDs.count == 950)

            // Every error trace is found by a search once the sampler has judged it.
            let now = Date().timeIntervalSince1970
            var foundErrors = Set<String>()
            try await awaitReadiness(of: "the 50 error traces", within: .seconds(60)) {
                let found = try? await Self.query(url, "/api/traces", ["service": "mime-server", "tags": #"{"error":"true"}"#, "limit": "1500",
                                                                      "start": String(Int((now - 3_600) * 1e6)), "end": String(Int((now + 60) * 1e6))])
                foundErrors = Set((found?["data"] as? [[String: Any]] ?? []).compactMap { $0["traceID"] as? String })
                return foundErrors == errorIDs
            }
            // About 10 % of the others are kept: 95 expected, 55 to 135 accepted (over 4 standard deviations).
            let kept = try await Self.query(url, "/api/search", ["q": #"{ resource.service.name = "frontend" }"#, "limit": "1000",
                                                                 "start": String(Int(now - 3_600)), "end": String(Int(now + 60))])
            let keptIDs = Set((kept["traces"] as? [[String: Any]] ?? []).compactMap { $0["traceID"] as? String })
            let keptNormal = keptIDs.intersection(normalIDs).count
            print("traces-and-logs[\(backend)]: kept \(keptNormal) of 950 normal traces (\(String(format: "%.1f", Double(keptNormal) / 9.5)) %), all 50 errors")
            #expect(keptIDs.isSuperset(of: errorIDs) && (55...135).contains(keptNormal), "\(keptNormal) normal traces kept")
            // The rollups count every trace, kept or not.
            let red = try await Self.query(url, "/api/v1/services/frontend/red", ["window": "1h"])
            #expect((red["red"] as? [String: Any])?["requests"] as? Int == 1000, "\(red)")
            // Each kept trace's log line resolves to it; each trace knows its root and counts.
            let logs = try #require(sent["logs"] as? [[String: Any]])
            for log in logs {
                guard let trace = log["trace"] as? String, keptIDs.contains(trace) else { continue }
                let lines = try await Self.query(url, "/api/v1/traces/\(trace)/logs", [:])["lines"] as? [[String: Any]] ?? []
                #expect(lines.count == 1 && (lines.first?["line"] as? String)?.contains("\"order\": \(log["order"] as? Int ?? -1)") == true, "\(trace): \(lines)")
                let page = try await Self.query(url, "/api/v1/traces/\(trace)", [:])
                #expect(page["rootService"] as? String == "frontend", "\(page)")
                #expect((page["spans"] as? [[String: Any]])?.count == 5 && page["errors"] as? Int == (errorIDs.contains(trace) ? 1 : 0), "\(page)")
            }
            // The runbooks' LogQL: exactly the 50 error lines, and their count per service.
            let start = String(Int64((now - 3_600) * 1e9)), end = String(Int64((now + 60) * 1e9))
            let errors = try await Self.query(url, "/loki/api/v1/query_range", ["query": #"{service="mime-server"} | json | status="error""#,
                                                                                "limit": "1000", "start": start, "end": end])
            let lines = ((errors["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []).flatMap { $0["values"] as? [[String]] ?? [] }
            let orders = Set(lines.compactMap { Self.json($0[1])["order"] as? Int })
            #expect(orders == Set(logs.filter { $0["status"] as? String == "error" }.compactMap { $0["order"] as? Int }), "\(orders.sorted())")
            let counted = try await Self.query(url, "/loki/api/v1/query", [
                "query": #"sum by (service) (count_over_time({service=~".+"} | json | status="error" [1h]))"#, "time": end,
            ])
            let result = (counted["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []
            #expect(result.count == 1 && (result.first?["metric"] as? [String: String]) == ["service": "mime-server"]
                    && (result.first?["value"] as? [Any])?.last as? String == "50", "\(counted)")
            let traced = try await Self.query(url, "/api/v1/services/mime-server/traces", ["status": "error", "limit": "100"])
            #expect(Set((traced["traces"] as? [[String: Any]] ?? []).compactMap { $0["traceID"] as? String }) == errorIDs)

            // Grafana's data sources' requests, and Tempo's protobuf parsed by opentelemetry-proto.
            let replay = try ChildProcess(python, [script, "grafana", url, TestAdminKey.text, try #require(errorIDs.first)],
                                          environment: ProcessInfo.processInfo.environment)
            #expect(try await replay.exitStatus(timeout: .seconds(120)) == 0, "\(replay.output)\(replay.errorOutput)")
            #expect(Self.json(replay.output)["checks"] as? [String] == ["jaeger", "tempo", "loki"], "\(replay.output)\(replay.errorOutput)")
        }
    }
}
