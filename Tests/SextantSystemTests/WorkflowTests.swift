import Foundation
import SextantCore
import SextantTestSupport
import Testing

/// Workflows against a running Sextant: services released dependencies first as the graph says,
/// and a cancel that rolls back what the workflow had started.
@Suite("Workflow scenarios")
struct WorkflowScenarioTests {
    static func json(_ body: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    static func workflow(_ url: String, _ id: String, until condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        for _ in 0..<450 {
            last = json(try await httpGet("\(url)/api/v1/orchestration/workflows/\(id)").body)
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestFailure("the workflow never got there; last: \(last)")
    }

    static func step(_ workflow: [String: Any], _ name: String) -> [String: Any] {
        (workflow["steps"] as? [[String: Any]] ?? []).first { $0["name"] as? String == name } ?? [:]
    }

    @Test
    func servicesAreReleasedDependenciesFirstAndACancelRollsBackWhatStarted() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory])
        let url = "http://127.0.0.1:\(try await server.port())"
        for (name, needs) in [("auth-service", nil), ("api-service", "auth-service"), ("frontend", "api-service")] as [(String, String?)] {
            let dependencies: [[String: Any]] = needs.map { [["name": $0, "type": "internalService", "critical": true, "fallbackAvailable": false]] } ?? []
            _ = try await sendJSON(.POST, "\(url)/api/v1/components", ["name": name, "owner": "team-shop", "tier": 1, "dependencies": dependencies])
        }
        let log = directory + "/traffic.log"
        func release(_ service: String, steps: [[String: Any]] = [["setWeight": 100]]) -> [String: Any] {
            ["service": service, "version": "2", "strategy": ["canary": ["steps": steps]],
             "traffic": ["command": ["path": "/bin/sh", "arguments": ["-c", "echo \"$SEXTANT_SERVICE $SEXTANT_WEIGHT\" >> \(log)"]]]]
        }

        // Refused by field, nothing stored.
        let cyclic = try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows", [
            "name": "loop", "steps": [["name": "a", "wait": "1s", "dependsOn": ["b"]], ["name": "b", "wait": "1s", "dependsOn": ["a"]]],
        ])
        #expect(cyclic.status == 400 && cyclic.body.contains("a → b → a"), "\(cyclic.body)")
        let unknown = try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows", [
            "name": "typo", "steps": [["name": "a", "wait": "1s", "dependsOn": ["nosuch"]]],
        ])
        #expect(unknown.status == 400 && unknown.body.contains("steps[0].dependsOn[0]"), "\(unknown.body)")
        let badService = try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows", [
            "name": "ghost", "steps": [["name": "a", "deployment": release("nosuch")]],
        ])
        #expect(badService.status == 400 && badService.body.contains("steps[0].deployment.service"), "\(badService.body)")

        // Dependencies first: auth-service, then api-service, then frontend.
        let submitted = try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows", [
            "name": "shop", "order": "dependencies",
            "steps": [["name": "web", "deployment": release("frontend")], ["name": "api", "deployment": release("api-service")],
                      ["name": "auth", "deployment": release("auth-service")]],
        ])
        #expect(submitted.status == 201, "\(submitted.body)")
        let id = try #require(Self.json(submitted.body)["id"] as? String)
        let done = try await Self.workflow(url, id) { $0["phase"] as? String != "running" && $0["phase"] as? String != "pending" }
        #expect(done["phase"] as? String == "succeeded", "\(done)")
        #expect(Self.step(done, "web")["dependsOn"] as? [String] == ["api"] && Self.step(done, "api")["dependsOn"] as? [String] == ["auth"])
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "auth-service 100\napi-service 100\nfrontend 100\n")
        try "".write(toFile: log, atomically: true, encoding: .utf8)

        // A cancel mid-way: api-service pauses at 50 %; cancelled, it goes back, auth-service (done) is rolled back, frontend never starts.
        let second = try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows", [
            "name": "shop-again", "order": "dependencies", "onCancel": "rollback",
            "steps": [["name": "web", "deployment": release("frontend")],
                      ["name": "api", "deployment": release("api-service", steps: [["setWeight": 50], ["pause": [:]]])],
                      ["name": "auth", "deployment": release("auth-service")]],
        ])
        let secondID = try #require(Self.json(second.body)["id"] as? String, "\(second.body)")
        let midway = try await Self.workflow(url, secondID) { Self.step($0, "api")["phase"] as? String == "running" }
        let apiDeployment = try #require(Self.step(midway, "api")["deployment"] as? String)
        _ = try await deployment(url, apiDeployment) { $0["phase"] as? String == "paused" }
        let cancelled = try await sendJSON(.DELETE, "\(url)/api/v1/orchestration/workflows/\(secondID)", [:] as [String: String])
        #expect(cancelled.status == 200 && Self.json(cancelled.body)["phase"] as? String == "cancelled", "\(cancelled.body)")
        let authDeployment = try #require(Self.step(midway, "auth")["deployment"] as? String)
        for undone in [apiDeployment, authDeployment] {
            _ = try await deployment(url, undone) { $0["rolledBack"] as? Bool == true }
        }
        let lines = Set(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init))
        #expect(lines == ["auth-service 100", "api-service 50", "api-service 0", "auth-service 0"], "\(lines)")
        let after = Self.json(try await httpGet("\(url)/api/v1/orchestration/workflows/\(secondID)").body)
        #expect(Self.step(after, "web")["phase"] as? String == "skipped" && Self.step(after, "web")["deployment"] == nil)
        let cli = try await runSextant(["workflow", "status", secondID, "--server", url])
        #expect(cli.status == 0 && cli.output.contains("shop-again: cancelled"), "\(cli.output)\(cli.error)")
        _ = server
    }
}
