import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// Lists alerts with many held: posts `--alerts` distinct alerts (and a few silences), then
/// times Alertmanager's `GET /api/v2/alerts` and `/alerts/groups` and a page of Sextant's
/// `GET /api/v1/alerts`, and prints the server's peak RSS.
struct AlertListsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert-lists",
        abstract: "Hold many alerts and time the listing endpoints."
    )

    @Option(help: "Distinct alerts held.") var alerts = 100_000
    @Option(help: "Times each listing is fetched; the median is printed.") var repeats = 3
    @Option(help: "The sextant binary (default: beside this one).") var binary: String?

    func run() async throws {
        let server = try ServerUnderTest(binary: binary, databaseURL: nil, arguments: ["--alerting-config", try routing()])
        defer { server.stop() }
        try await server.waitUntilHealthy()
        let base = "http://127.0.0.1:\(server.port)"
        let http = HTTPClient.shared
        let started = ContinuousClock.now
        let end = Date().addingTimeInterval(3_600).formatted(.iso8601)
        for batch in stride(from: 0, to: alerts, by: 64) {
            let items = (batch..<min(alerts, batch + 64)).map { index in
                #"{"labels":{"alertname":"Load\#(index % 50)","service":"svc-\#(index % 500)","instance":"i-\#(index)","severity":"\#(index % 3 == 0 ? "page" : "warning")"},"annotations":{"summary":"alert \#(index)"},"endsAt":"\#(end)"}"#
            }
            try await post(http, base + "/api/v2/alerts", "[" + items.joined(separator: ",") + "]")
        }
        for service in ["svc-1", "svc-2", "svc-3"] {
            try await post(http, base + "/api/v2/silences", #"{"matchers":[{"name":"service","value":"\#(service)","isRegex":false}],"startsAt":"\#(Date().formatted(.iso8601))","endsAt":"\#(end)","createdBy":"bench","comment":"bench"}"#)
        }
        print("posted \(alerts) alerts in \(String(format: "%.1f", (ContinuousClock.now - started).seconds)) s")
        print("listing                                    median      bytes")
        for path in ["/api/v2/alerts", "/api/v2/alerts?filter=service%3D%22svc-7%22", "/api/v2/alerts/groups", "/api/v1/alerts?limit=1000",
                     "/api/v1/alerts?filter=severity%3D%22page%22&limit=1000"] {
            var times: [Double] = []
            var size = 0
            for _ in 0..<repeats {
                let begun = ContinuousClock.now
                let response = try await http.execute(keyedRequest(base + path), timeout: .seconds(600))
                size = try await response.body.collect(upTo: 1 << 30).readableBytes
                guard response.status == .ok else { throw ValidationError("\(path) answered \(response.status)") }
                times.append((ContinuousClock.now - begun).seconds)
            }
            print(path.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%8.3f s   %8d", times.sorted()[times.count / 2], size))
        }
        print("peak RSS: \(server.peakResidentBytes() / 1_048_576) MiB")
    }

    private func post(_ http: HTTPClient, _ url: String, _ body: String) async throws {
        var request = keyedRequest(url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await http.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else { throw ValidationError("\(url) answered \(response.status)") }
    }

    private func routing() throws -> String {
        let path = NSTemporaryDirectory() + "sextant-bench-lists-" + UUID().uuidString + ".yaml"
        try """
            route:
              receiver: none
              group_by: [alertname, service]
              routes:
              - matchers: ['severity="page"']
                receiver: none
            receivers:
            - name: none
            inhibit_rules:
            - source_matchers: ['severity="page"']
              target_matchers: ['severity="warning"']
              equal: [service]
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
