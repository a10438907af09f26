import Foundation
import SextantCore
import SextantTestSupport
import Testing

/// The web UI in a real browser (headless Chromium, driven by Selenium) against `serve --demo`:
/// sign-in, every page without console errors and passing the accessibility checks, the gauge
/// showing the API's figure, a viewer's cookie refused for changes, and a screenshot of every
/// page in `.build/ui-screenshots/`.
@Suite("Web UI in a browser")
struct BrowserTests {
    static let chromedriver = ProcessInfo.processInfo.environment["SEXTANT_TEST_CHROMEDRIVER"]
    static let isRequired = ProcessInfo.processInfo.environment["SEXTANT_REQUIRE_BROWSER"] == "1"
    static let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/ui-screenshots").path

    @Test(.enabled(if: (chromedriver != nil && PythonSDKInteropTests.python != nil) || isRequired))
    func everyPageWorksInChromiumForAnAdminAndAViewer() async throws {
        let python = try #require(PythonSDKInteropTests.python, "SEXTANT_TEST_PYTHON is not set")
        _ = try #require(Self.chromedriver, "SEXTANT_REQUIRE_BROWSER=1 but SEXTANT_TEST_CHROMEDRIVER is not set")
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--demo", "--trace-sampling-wait", "500ms"])
        let url = "http://127.0.0.1:\(try await server.port())"
        try await awaitReadiness(of: "the UI's address in the log", within: .seconds(10)) {
            (server.output + server.errorOutput).contains(#""url":"http://127.0.0.1:"#) && (server.output + server.errorOutput).contains("the web UI is ready")
        }
        let slo = #"{"service":"api-service","name":"availability","objective":99.5,"window":"30d","indicator":{"availability":{}}}"#
        #expect(try await sendJSON(.POST, "\(url)/api/v1/slos", try JSONSerialization.jsonObject(with: Data(slo.utf8))).status == 201)
        let viewer = try await runSextant(["keys", "create", "--name", "vera", "--role", "viewer", "--server", url]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // The demo's traffic has produced error traces once the sampler has judged some.
        try await awaitReadiness(of: "the demo's error traces", within: .seconds(60)) {
            let body = (try? await httpGet("\(url)/api/v1/services/api-service/traces?status=error"))?.body ?? ""
            return body.contains("traceID")
        }
        // An alert to silence from its row, and a canary that waits at a pause for a promote.
        let alert: [String: Any] = ["labels": ["alertname": "BrowserCheck", "service": "api-service", "severity": "warning"],
                                    "annotations": ["summary": "checked by the browser test"]]
        #expect(try await httpPost("\(url)/api/v2/alerts", json: [alert]).status == 200)
        let created = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "api-service", "version": "2.0.0", "strategy": ["canary": ["steps": [["setWeight": 20], ["pause": [:]], ["setWeight": 100]]]],
            "traffic": ["command": ["path": "/bin/true"]],
        ])
        let deploymentID = try #require((try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])?["id"] as? String, "\(created.body)")
        _ = try await deployment(url, deploymentID) { $0["phase"] as? String == "paused" }
        try FileManager.default.createDirectory(atPath: Self.screenshots, withIntermediateDirectories: true)
        let script = PythonSDKInteropTests.scripts.appendingPathComponent("browser.py").path
        let run = try ChildProcess(python, [script, url, TestAdminKey.text, viewer, Self.screenshots, "api-service-availability", deploymentID],
                                   environment: ProcessInfo.processInfo.environment)
        #expect(try await run.exitStatus(timeout: .seconds(180)) == 0, "\(run.output)\(run.errorOutput)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)\(run.errorOutput)")
        let pages = report["pages"] as? [String: [String: Any]] ?? [:]
        #expect(Set(pages.keys) == ["sign-in", "overview", "service", "slo", "audit", "configuration", "traces", "trace", "logs", "graph", "alerts", "deployment", "deployments"], "\(pages.keys)")
        for (name, page) in pages {
            #expect((page["problems"] as? [String])?.isEmpty == true, "\(name): \(page["problems"] ?? "")")
            #expect((page["consoleErrors"] as? [String])?.isEmpty == true, "\(name): \(page["consoleErrors"] ?? "")")
        }
        let gauge = report["gauge"] as? [String: Any]
        #expect((gauge?["api"] as? [String])?.contains(gauge?["shown"] as? String ?? "none") == true, "\(gauge ?? [:])")
        #expect((report["errorTraces"] as? Int ?? 0) > 0)
        #expect(report["firstTabStop"] as? String == "Skip to content")
        #expect((report["afterSignOut"] as? String)?.hasPrefix("/ui/sign-in") == true)
        #expect((report["viewerCookie"] as? [String: Any])?["httpOnly"] as? Bool == true)
        #expect(report["forgedChange"] as? Int == 401)
        #expect(report["viewerOverview"] as? String == "Overview · Sextant")
        // The graph marks exactly what the impact API says (without the outside callers it leaves out).
        let graph = report["graph"] as? [String: [String: [String]]] ?? [:]
        #expect(graph["postgres"]?["down"] == ["api-service", "auth-service", "frontend", "worker-service"], "\(graph)")
        #expect(graph["postgres"]?["down"] == graph["postgres"]?["apiDown"]?.filter { $0 != "user" }, "\(graph)")
        #expect(graph["redis"]?["degraded"] == graph["redis"]?["apiDegraded"]?.filter { $0 != "user" } && graph["redis"]?["degraded"]?.isEmpty == false, "\(graph)")
        #expect(graph["redis"]?["down"]?.isEmpty == true, "\(graph)")
        let silenced = report["silencedAlert"] as? [[String: Any]] ?? []
        #expect(silenced.count == 1 && silenced.first?["state"] as? String == "suppressed" && (silenced.first?["silencedBy"] as? [String])?.count == 1, "\(silenced)")
        let promote = report["promote"] as? [String: String]
        #expect(promote?["before"] == "paused" && promote?["after"] != "paused", "\(promote ?? [:])")
        #expect(report["liveRefresh"] as? Bool == true)
        #expect(report["viewerOffered"] as? Int == 0 && report["viewerPromote"] as? Int == 403)
        for page in pages.keys { #expect(FileManager.default.fileExists(atPath: "\(Self.screenshots)/\(page).png")) }
    }
}
