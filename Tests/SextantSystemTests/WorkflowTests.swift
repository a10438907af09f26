#if canImport(Glibc)
import Glibc
#endif
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

    /// A gate step waits for the world (here a freeze, overridden by an operator with an audited
    /// reason) and an approval step for a person with the role it names; one not approved in time fails.
    @Test
    func gateAndApprovalStepsWaitForTheWorldAndForAPerson() async throws {
        let directory = try temporaryDirectory()
        try """
            route: {receiver: team}
            receivers: [{name: team}]
            time_intervals:
              - name: always
                time_intervals: [{times: [{start_time: "00:00", end_time: "24:00"}]}]
            """.write(toFile: directory + "/alerting.yaml", atomically: true, encoding: .utf8)
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--alerting-config", directory + "/alerting.yaml"])
        let url = "http://127.0.0.1:\(try await server.port())"
        _ = try await sendJSON(.POST, "\(url)/api/v1/components", ["name": "api-service", "owner": "team-shop", "tier": 1])
        let operatorKey = try await runSextant(["keys", "create", "--name", "on-call", "--role", "operator", "--server", url]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)

        // Refused by field, nothing stored.
        for (step, field) in [(["name": "g", "gate": ["service": "api-service", "budget": ["minimumPercent": 5, "objectives": ["nosuch"]]]], "steps[0].gate.budget.objectives[0]"),
                              (["name": "g", "gate": ["service": "nosuch", "noIncident": [:] as [String: Bool]]], "steps[0].gate.service"),
                              (["name": "g", "gate": ["service": "api-service"]], "steps[0].gate"),
                              (["name": "g", "gate": ["service": "api-service", "freeze": ["timeIntervals": ["always"]], "timeout": "30d"]], "steps[0].gate.timeout"),
                              (["name": "a", "approval": ["role": "ingest"]], "steps[0].approval.role"),
                              (["name": "a", "approval": [:] as [String: String], "wait": "1s"], "steps[0]")] as [([String: Any], String)] {
            let refused = try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows", ["name": "bad", "steps": [step]])
            #expect(refused.status == 400 && (Self.json(refused.body)["error"] as? [String: Any])?["field"] as? String == field, "\(field): \(refused.body)")
        }
        #expect((Self.json(try await httpGet("\(url)/api/v1/orchestration/workflows").body)["workflows"] as? [Any])?.isEmpty == true)

        let submitted = try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows", [
            "name": "guarded", "steps": [
                ["name": "frozen", "gate": ["service": "api-service", "freeze": ["timeIntervals": ["always"]], "noIncident": [:] as [String: Bool]]],
                ["name": "sign-off", "dependsOn": ["frozen"], "approval": ["role": "admin", "timeout": "1h"]],
                ["name": "settle", "dependsOn": ["sign-off"], "wait": "1s"],
            ],
        ])
        let id = try #require(Self.json(submitted.body)["id"] as? String, "\(submitted.body)")
        var state = try await Self.workflow(url, id) { Self.step($0, "frozen")["waiting"] != nil }
        #expect(Self.step(state, "frozen")["waiting"] as? String == "freeze: inside the freeze window always", "\(state)")
        #expect(try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows/\(id)/steps/sign-off/approve", [:] as [String: String]).status == 409)
        #expect(try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows/\(id)/steps/nosuch/approve", [:] as [String: String]).status == 404)
        #expect(try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows/\(id)/steps/frozen/override", ["reason": ""], key: operatorKey).status == 400)
        let overridden = try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows/\(id)/steps/frozen/override", ["reason": "release train 42"],
                                            key: operatorKey)
        #expect(overridden.status == 200, "\(overridden.body)")
        let audit = try await httpGet("\(url)/api/v1/audit?action=override-freeze").body
        #expect(audit.contains("release train 42") && audit.contains("step frozen"), "\(audit)")

        state = try await Self.workflow(url, id) { Self.step($0, "sign-off")["waiting"] != nil }
        let shown = try await runSextant(["workflow", "status", id, "--server", url])
        #expect(shown.output.contains("waiting for a person with the admin role"), "\(shown.output)")
        #expect(Self.step(state, "frozen")["phase"] as? String == "succeeded")
        #expect((Self.step(state, "sign-off")["waiting"] as? String ?? "").hasPrefix("waiting for a person with the admin role"), "\(state)")
        let evaluations = Self.step(state, "frozen")["gateEvaluations"] as? [[String: Any]] ?? []
        #expect(evaluations.count == 2 && (evaluations.first?["failures"] as? [Any])?.count == 1 && (evaluations.last?["failures"] as? [Any])?.isEmpty == true,
                "\(evaluations)")
        #expect(try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows/\(id)/steps/sign-off/approve", [:] as [String: String], key: operatorKey).status == 403)
        let approved = try await runSextant(["workflow", "approve", id, "sign-off", "--server", url])
        #expect(approved.status == 0 && approved.output == "\(id): step sign-off succeeded\n", "\(approved.output)\(approved.error)")
        state = try await Self.workflow(url, id) { $0["phase"] as? String == "succeeded" }
        #expect((Self.step(state, "sign-off")["approvedBy"] as? String ?? "").hasPrefix("admin ("), "\(state)")

        // Nobody approves within a second: the step fails, and the workflow with it.
        let impatient = try await sendJSON(.POST, "\(url)/api/v1/orchestration/workflows", [
            "name": "impatient", "steps": [["name": "sign-off", "approval": ["timeout": "1s"]], ["name": "after", "dependsOn": ["sign-off"], "wait": "1s"]],
        ])
        let impatientID = try #require(Self.json(impatient.body)["id"] as? String, "\(impatient.body)")
        state = try await Self.workflow(url, impatientID) { $0["phase"] as? String == "failed" }
        #expect(state["reason"] as? String == "step sign-off failed: no approval within 1s", "\(state)")
        #expect(Self.step(state, "after")["phase"] as? String == "skipped")
        _ = server
    }

    /// On PostgreSQL, the leader is killed while a workflow waits; the other replica takes the
    /// lease and finishes it: what had run is not run again, and the wait counts from when it began.
    @Test(.enabled(if: TestBackend.available.contains(.postgres) || ProcessInfo.processInfo.environment["SEXTANT_REQUIRE_POSTGRES"] == "1"))
    func aNewLeaderResumesTheWorkflowWithoutRepeatingAStep() async throws {
        try await withTestDatabase(.postgres) { database in
            let directory = try temporaryDirectory()
            let log = directory + "/steps.log"
            let (first, firstURL, second, secondURL) = try await leaderAndFollower(databaseURL: try #require(database.url))
            _ = try await sendJSON(.POST, "\(firstURL)/api/v1/components", ["name": "checkout", "owner": "team-shop", "tier": 1])

            let submitted = try await sendJSON(.POST, "\(secondURL)/api/v1/orchestration/workflows", [
                "name": "resumable", "steps": [
                    ["name": "announce", "command": ["path": "/bin/sh", "arguments": ["-c", "echo announce >> \(log)"]]],
                    ["name": "hold", "dependsOn": ["announce"], "wait": "4s"],
                    ["name": "release", "dependsOn": ["hold"], "deployment": [
                        "service": "checkout", "version": "2", "strategy": ["canary": ["steps": [["setWeight": 100]]]],
                        "traffic": ["command": ["path": "/bin/sh", "arguments": ["-c", "echo \"$SEXTANT_SERVICE $SEXTANT_WEIGHT\" >> \(log)"]]],
                    ]],
                ],
            ])
            let id = try #require(Self.json(submitted.body)["id"] as? String, "\(submitted.body)")
            _ = try await Self.workflow(secondURL, id) { Self.step($0, "hold")["phase"] as? String == "running" }
            first.signal(SIGKILL)
            _ = try await first.exitStatus()

            let done = try await Self.workflow(secondURL, id) { $0["phase"] as? String != "running" && $0["phase"] as? String != "pending" }
            #expect(done["phase"] as? String == "succeeded", "\(done)")
            #expect(try String(contentsOfFile: log, encoding: .utf8) == "announce\ncheckout 100\n")
            let events = (done["events"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            #expect(events.filter { $0 == "step hold started" }.count == 1 && events.filter { $0.hasPrefix("step release started") }.count == 1, "\(events)")
            _ = second
        }
    }
}
