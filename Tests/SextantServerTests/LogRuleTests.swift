import Foundation
import HummingbirdTesting
import SextantCore
import SextantServer
import SextantTestSupport
import Testing

/// A LogQL metric query as an alerting rule, evaluated by the rule engine over the stored logs
/// with the usual `for`, labels and annotations (Loki's ruler semantics), on every backend.
@Suite("Log-based alert rules")
struct LogRuleTests {
    static let group = #"""
        {"name":"logs","interval":"15s","rules":[{"alert":"MimeErrors",
          "expr":"sum by (service) (count_over_time({service=\"mime-server\"} | json | status=\"error\" [5m])) > 3",
          "for":"30s","labels":{"severity":"warning"},"annotations":{"summary":"{{ $labels.service }}: {{ $value }} error lines"}}]}
        """#

    static func push(_ client: any TestClientProtocol, at time: Date, statuses: [String]) async throws {
        let nanos = Int64(time.timeIntervalSince1970 * 1e9)
        let values = statuses.enumerated().map { index, status in #"["\#(nanos + Int64(index))", "{\"status\":\"\#(status)\"}"]"# }
        let body = #"{"streams":[{"stream":{"service":"mime-server"},"values":[\#(values.joined(separator: ","))]}]}"#
        #expect(try await client.send(.post, "/loki/api/v1/push", body: body).status == .noContent)
    }

    static func alert(_ client: any TestClientProtocol) async throws -> [String: Any]? {
        (try await client.send(.get, "/api/v1/alerts?filter=alertname=MimeErrors").json["alerts"] as? [[String: Any]])?.first
    }

    @Test(arguments: TestBackend.available)
    func errorLinesAboveTheThresholdFireAfterTheirHoldWithLabelsAndAnnotations(backend: TestBackend) async throws {
        let clock = ManualClock(Date())
        try await withTestApp(backend, configure: { $0.alertingTick = nil }, clock: clock) { client, environment in
            #expect(try await client.send(.put, "/api/v1/rules/logs", body: Self.group).status == .created)
            let rule = try await client.send(.get, "/api/v1/rules/logs").json
            #expect((rule["rules"] as? [[String: Any]])?.first?["health"] as? String != "err", "\(rule)")
            // Three error lines: at the threshold, nothing fires.
            try await Self.push(client, at: clock.now(), statuses: ["error", "ok", "error", "ok", "error"])
            await environment.alerting.tick()
            #expect(try await Self.alert(client) == nil)
            // A fourth: pending, then firing once `for` has passed.
            clock.advance(by: 15)
            try await Self.push(client, at: clock.now(), statuses: ["error"])
            await environment.alerting.tick()
            #expect((try await Self.alert(client)?["status"] as? [String: Any])?["state"] as? String == "pending")
            for _ in 0..<2 {
                clock.advance(by: 15)
                await environment.alerting.tick()
            }
            let firing = try #require(try await Self.alert(client))
            #expect((firing["status"] as? [String: Any])?["state"] as? String == "active", "\(firing)")
            #expect((firing["labels"] as? [String: String]) == ["alertname": "MimeErrors", "service": "mime-server", "severity": "warning"], "\(firing)")
            #expect((firing["annotations"] as? [String: String])?["summary"] == "mime-server: 4 error lines", "\(firing)")
            // The alert links to the service's recent error traces.
            let link = try #require((firing["annotations"] as? [String: String])?["error_traces"], "\(firing)")
            #expect(link.hasSuffix("/api/v1/services/mime-server/traces?status=error&limit=5"), "\(link)")
            // Five minutes on, the lines have left the window: resolved.
            clock.advance(by: 300)
            await environment.alerting.tick()
            #expect(((try await Self.alert(client))?["status"] as? [String: Any])?["state"] as? String != "active")
        }
    }
}
