import Foundation
import Testing

/// The real `amtool` 0.25 drives Sextant as it drives an Alertmanager.
@Suite("amtool against Sextant")
struct AmtoolTests {
    @Test(.enabled(if: AlertmanagerProcess.isEnabled))
    func alertsAndSilencesAreManagedWithAmtool() async throws {
        let directory = try temporaryDirectory()
        let configuration = """
            route:
              receiver: team
              group_by: [alertname]
              routes:
                - matchers: [severity="critical"]
                  receiver: pager
            receivers:
              - name: team
              - name: pager
            """
        try configuration.write(toFile: directory + "/alerting.yaml", atomically: true, encoding: .utf8)
        let sextant = try SextantProcess(["serve", "--port", "0", "--data-dir", directory + "/data", "--alerting-config", directory + "/alerting.yaml"])
        let url = "http://127.0.0.1:\(try await sextant.port())"

        // Without a key amtool is refused, and adds nothing.
        let anonymous = try await runAmtool(url, ["alert", "add", "alertname=Anonymous"], key: nil)
        #expect(anonymous.status != 0 && anonymous.output.contains("401"), "\(anonymous.output)")

        let added = try await runAmtool(url, ["alert", "add", "alertname=DiskFull", "severity=critical", "instance=db-1",
                                              "--annotation=summary=disk is full"])
        #expect(added.status == 0, "\(added.output)")
        #expect(try await runAmtool(url, ["alert", "add", "alertname=SlowQueries", "severity=warning"]).status == 0)
        let queried = try await runAmtool(url, ["alert", "query", "-o", "json"])
        let alerts = try #require(try JSONSerialization.jsonObject(with: Data(queried.output.utf8)) as? [[String: Any]], "\(queried.output)")
        #expect(alerts.count == 2)
        let disk = try #require(alerts.first { ($0["labels"] as? [String: String])?["alertname"] == "DiskFull" })
        #expect((disk["fingerprint"] as? String)?.count == 16)
        #expect((disk["receivers"] as? [[String: String]])?.map { $0["name"] } == ["pager"])
        #expect((disk["annotations"] as? [String: String])?["summary"] == "disk is full")
        #expect((disk["status"] as? [String: Any])?["state"] as? String == "active")
        // Matchers narrow the query, as against Alertmanager.
        let critical = try await runAmtool(url, ["alert", "query", "severity=critical"])
        #expect(critical.output.contains("DiskFull") && !critical.output.contains("SlowQueries"), "\(critical.output)")

        let silenced = try await runAmtool(url, ["silence", "add", "alertname=DiskFull", "--comment=replacing the disk", "--duration=1h",
                                                 "--author=oncall"])
        #expect(silenced.status == 0, "\(silenced.output)")
        let id = silenced.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(UUID(uuidString: id) != nil, "\(silenced.output)")
        let silences = try await runAmtool(url, ["silence", "query"])
        #expect(silences.output.contains(id) && silences.output.contains("replacing the disk") && silences.output.contains("oncall"), "\(silences.output)")
        // The silenced alert is left out of the default query and shown with --silenced.
        #expect(!(try await runAmtool(url, ["alert", "query"])).output.contains("DiskFull"))
        let suppressed = try await runAmtool(url, ["alert", "query", "--silenced", "alertname=DiskFull"])
        #expect(suppressed.output.contains("suppressed"), "\(suppressed.output)")
        // An update keeps the silence's id.
        #expect(try await runAmtool(url, ["silence", "update", id, "--duration=2h"]).status == 0)
        #expect(try await runAmtool(url, ["silence", "query", "-q"]).output.trimmingCharacters(in: .whitespacesAndNewlines) == id)

        let expired = try await runAmtool(url, ["silence", "expire", id])
        #expect(expired.status == 0, "\(expired.output)")
        #expect(try await runAmtool(url, ["silence", "query", "-q"]).output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(try await runAmtool(url, ["silence", "query", "--expired", "-q"]).output.contains(id))
        #expect(try await runAmtool(url, ["alert", "query"]).output.contains("DiskFull"))
        // Errors come back as Alertmanager words them, and amtool reports them.
        let unknown = try await runAmtool(url, ["silence", "expire", "11111111-2222-3333-4444-555555555555"])
        #expect(unknown.status != 0 && unknown.output.contains("silence not found"), "\(unknown.output)")
        let config = try await runAmtool(url, ["config", "routes"])
        #expect(config.output.contains("receiver: pager") && !config.output.contains("Warning"), "\(config.output)")

        sextant.signal(SIGTERM)
        #expect(try await sextant.exitStatus() == 0)
    }
}
