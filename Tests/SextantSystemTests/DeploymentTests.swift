#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SextantTestSupport
import Testing

/// Deployments against real peers: nginx (Debian's package) in front of two small backends that
/// answer with their name, the OpenTelemetry Python SDK reporting the canary's spans, and
/// programs run as the command provider. `scripts/test` installs nginx and sets
/// `SEXTANT_TEST_NGINX` and `SEXTANT_REQUIRE_NGINX=1`.
@Suite("Deployments", .serialized)
struct DeploymentTests {
    static let nginx = ProcessInfo.processInfo.environment["SEXTANT_TEST_NGINX"]
    static let python = ProcessInfo.processInfo.environment["SEXTANT_TEST_PYTHON"]
    static let isRequired = ProcessInfo.processInfo.environment["SEXTANT_REQUIRE_NGINX"] == "1"
    static let backend = PythonSDKInteropTests.scripts.appendingPathComponent("backend.py").path
    /// How far a step's share of 1,000 requests may be from its weight, in requests: nginx's
    /// smooth weighted round robin with one worker splits exactly, so 1 % is room enough.
    static let tolerance = 10

    static func start() async throws -> (server: SextantProcess, url: String) {
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", try temporaryDirectory()])
        let url = "http://127.0.0.1:\(try await server.port())"
        let created = try await sendJSON(.POST, "\(url)/api/v1/components", ["name": "checkout", "owner": "team-shop", "tier": 1])
        #expect(created.status == 201, "\(created.body)")
        return (server, url)
    }

    static func canaryShare(_ tally: [String: Int]) -> Int { tally["canary", default: 0] }

    static func act(_ url: String, _ id: String, _ action: String) async throws {
        let answer = try await sendJSON(.PUT, "\(url)/api/v1/deployments/\(id)", ["action": action])
        #expect(answer.status == 200, "\(action): \(answer.body)")
    }

    static func events(_ deployment: [String: Any]) -> [String] {
        (deployment["events"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    }

    @Test(.enabled(if: nginx != nil || isRequired))
    func aCanaryWalksItsStepsThroughNginxAndABrokenTemplateLeavesTheOldConfigurationServing() async throws {
        let nginxBinary = try #require(Self.nginx, "SEXTANT_REQUIRE_NGINX=1 but SEXTANT_TEST_NGINX is not set")
        let stable = try ListeningChild("/usr/bin/python3", [Self.backend, "stable", "0"])
        let canary = try ListeningChild("/usr/bin/python3", [Self.backend, "canary", "0"])
        let stablePort = try await stable.port(), canaryPort = try await canary.port()
        let front = try NginxFront(binary: nginxBinary, stable: stablePort)
        try await front.waitUntilServing()
        #expect(try await front.spread(50) == ["stable": 50])
        let (server, url) = try await Self.start()
        defer { _ = server }

        // Unknown fields are refused by name, and so is a plan whose weight goes down.
        let misspelt = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "checkout", "version": "v2", "strategy": ["canary": ["stepz": []]], "traffic": front.provider(stable: [stablePort], canary: []),
        ])
        #expect(misspelt.status == 400 && misspelt.body.contains("strategy.canary.stepz"), "\(misspelt.body)")
        let downward = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "checkout", "version": "v2",
            "strategy": ["canary": ["steps": [["setWeight": 50], ["setWeight": 20]]]],
            "traffic": front.provider(stable: [stablePort], canary: ["127.0.0.1:\(canaryPort)"]),
        ])
        #expect(downward.status == 400 && downward.body.contains("strategy.canary.steps[1]"), "\(downward.body)")
        let unknown = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "nosuch", "version": "v2", "strategy": ["canary": [:]], "traffic": ["command": ["path": "/bin/true"]],
        ])
        #expect(unknown.status == 400 && unknown.body.contains("unknown_service"), "\(unknown.body)")

        let created = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "checkout", "version": "v2", "stableVersion": "v1",
            "commits": [["sha": "4f1c2e9", "time": "2026-11-30T09:00:00Z"]],
            "strategy": ["canary": ["steps": [["setWeight": 10], ["pause": [:]], ["setWeight": 50], ["analysis": "quiet"], ["setWeight": 100]]]],
            "traffic": front.provider(stable: [stablePort], canary: ["127.0.0.1:\(canaryPort)"]),
            // No spans reach Sextant in this scenario: the analysis has no data.
            "analyses": ["quiet": ["metrics": [[
                "name": "error-ratio", "provider": ["red": ["measure": "errorRatio"]], "successCondition": "result < 0.05", "minimumRequests": 20,
            ]]]],
        ])
        #expect(created.status == 201, "\(created.body)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])?["id"] as? String)

        // Another deployment of the service while this one runs is a conflict.
        let second = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "checkout", "version": "v9", "strategy": ["canary": [:]], "traffic": ["command": ["path": "/bin/true"]],
        ])
        #expect(second.status == 409, "\(second.body)")

        var state = try await deployment(url, id) { $0["phase"] as? String == "paused" && $0["weight"] as? Int == 10 }
        var tally = try await front.spread(1_000)
        #expect(abs(Self.canaryShare(tally) - 100) <= Self.tolerance, "10 %: \(tally)")
        #expect(tally.values.reduce(0, +) == 1_000)
        // The pause has no duration: it waits for a person.
        state = try await deployment(url, id) { ($0["events"] as? [Any])?.isEmpty == false }
        #expect(state["reason"] as? String == "waiting for promote")

        try await Self.act(url, id, "promote")
        state = try await deployment(url, id) { ($0["reason"] as? String ?? "").contains("inconclusive") }
        #expect(state["phase"] as? String == "paused" && state["weight"] as? Int == 50)
        let measurements = state["measurements"] as? [[String: Any]] ?? []
        #expect(measurements.first?["phase"] as? String == "inconclusive" && (measurements.first?["message"] as? String ?? "").contains("no data"),
                "\(measurements)")
        tally = try await front.spread(1_000)
        #expect(abs(Self.canaryShare(tally) - 500) <= Self.tolerance, "50 %: \(tally)")

        try await Self.act(url, id, "resume")
        state = try await deployment(url, id) { $0["phase"] as? String == "succeeded" }
        #expect(state["weight"] as? Int == 100)
        #expect(try await front.spread(200) == ["canary": 200])
        let said = Self.events(state)
        #expect(said.contains("promoted") && said.contains("resumed") && said.last == "succeeded", "\(said)")

        // A canary server nginx refuses: nginx -t fails, the previous files come back, and the
        // deployment says so; what served before still serves.
        let before = try String(contentsOfFile: front.upstreamFile, encoding: .utf8)
        let broken = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "checkout", "version": "v3",
            "strategy": ["canary": ["steps": [["setWeight": 20]]]],
            "traffic": front.provider(stable: [canaryPort], canary: ["[zz]:8080"]),
        ])
        #expect(broken.status == 201, "\(broken.body)")
        let brokenID = try #require((try JSONSerialization.jsonObject(with: Data(broken.body.utf8)) as? [String: Any])?["id"] as? String)
        state = try await deployment(url, brokenID) { $0["phase"] as? String == "aborted" && $0["rolledBack"] as? Bool == true }
        #expect((state["reason"] as? String ?? "").contains("nginx -t refused"), "\(state)")
        #expect(try String(contentsOfFile: front.upstreamFile, encoding: .utf8) == before)
        #expect(try await front.spread(200) == ["canary": 200])

        // Every weight was loaded once (10, 50, 100 %); the refused one never reached a reload.
        #expect(front.reloads == 3, "nginx reloaded \(front.reloads) times")
        let list = try await httpGet("\(url)/api/v1/deployments?service=checkout")
        #expect(list.body.contains(id) && list.body.contains(brokenID))
        let metrics = try await httpGet("\(url)/metrics").body
        #expect(metrics.contains("sextant_deployment_phase_changes_total{service=\"checkout\",phase=\"succeeded\"} 1"), "\(metrics)")
    }

    @Test(.enabled(if: (nginx != nil && python != nil) || isRequired))
    func aCanaryThatFailsItsREDAnalysisRollsBackToStable() async throws {
        let nginxBinary = try #require(Self.nginx, "SEXTANT_REQUIRE_NGINX=1 but SEXTANT_TEST_NGINX is not set")
        let python = try #require(Self.python, "SEXTANT_TEST_PYTHON is not set")
        let (server, url) = try await Self.start()
        defer { _ = server }
        let stable = try ListeningChild(python, [Self.backend, "stable", "0", "\(url)/v1/traces", "checkout", "v1"],
                                        environment: ["OTEL_EXPORTER_OTLP_HEADERS": "authorization=Bearer \(TestAdminKey.text)"])
        let canary = try ListeningChild(python, [Self.backend, "canary", "0.2", "\(url)/v1/traces", "checkout", "v2"],
                                        environment: ["OTEL_EXPORTER_OTLP_HEADERS": "authorization=Bearer \(TestAdminKey.text)"])
        let stablePort = try await stable.port(), canaryPort = try await canary.port()
        let front = try NginxFront(binary: nginxBinary, stable: stablePort)
        try await front.waitUntilServing()

        // Traffic throughout, as a service has.
        let load = Task {
            while !Task.isCancelled {
                _ = try? await front.get("/")
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        defer { load.cancel() }

        let created = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "checkout", "version": "v2", "stableVersion": "v1",
            "strategy": ["canary": ["steps": [["setWeight": 50], ["analysis": "red"], ["setWeight": 100]]]],
            "traffic": front.provider(stable: [stablePort], canary: ["127.0.0.1:\(canaryPort)"]),
            "analyses": ["red": ["metrics": [[
                "name": "error-ratio", "provider": ["red": ["measure": "errorRatio", "window": "1m"]],
                "initialDelay": "3s", "interval": "2s", "count": 3, "failureCondition": "result > 0.05", "minimumRequests": 20,
            ]]]],
        ])
        #expect(created.status == 201, "\(created.body)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])?["id"] as? String)
        let state = try await deployment(url, id) { $0["phase"] as? String == "aborted" && $0["rolledBack"] as? Bool == true }
        #expect(state["weight"] as? Int == 0)
        #expect(state["reason"] as? String == "analysis of step 1 failed", "\(state)")
        let measurements = state["measurements"] as? [[String: Any]] ?? []
        let failed = measurements.first { $0["phase"] as? String == "failed" }
        let ratio = failed?["value"] as? Double ?? 0
        #expect(ratio > 0.1 && ratio < 0.3, "\(measurements)")
        #expect(failed?["metric"] as? String == "error-ratio" && failed?["analysis"] as? String == "red")
        load.cancel()
        #expect(try await front.spread(200) == ["stable": 200])
    }

    @Test
    func aBlueGreenSwitchRetiresTheOldSideAndAFailedPostPromotionAnalysisSwitchesBack() async throws {
        let (server, url) = try await Self.start()
        defer { _ = server }
        let directory = try temporaryDirectory()
        func command(_ log: String) -> [String: Any] {
            ["command": ["path": "/bin/sh", "arguments": ["-c", "echo \"$SEXTANT_ACTION $SEXTANT_WEIGHT $SEXTANT_VERSION\" >> \(log)"]]]
        }
        let good = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "checkout", "version": "v2", "strategy": ["blueGreen": ["scaleDownDelay": "1s"]], "traffic": command("\(directory)/good.log"),
        ])
        #expect(good.status == 201, "\(good.body)")
        let goodID = try #require((try JSONSerialization.jsonObject(with: Data(good.body.utf8)) as? [String: Any])?["id"] as? String)
        _ = try await deployment(url, goodID) { $0["phase"] as? String == "succeeded" }
        var lines = try await Self.lines(of: "\(directory)/good.log", count: 2)
        #expect(lines == ["setWeight 100 v2", "retire 100 v2"])

        // The next release's analysis cannot measure (nothing listens): errors abort and switch back.
        let bad = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "checkout", "version": "v3", "strategy": ["blueGreen": ["postPromotionAnalysis": "probe"]],
            "traffic": command("\(directory)/bad.log"),
            "analyses": ["probe": ["metrics": [[
                "name": "probe", "provider": ["web": ["url": "http://127.0.0.1:\(freePort())/value"]], "consecutiveErrorLimit": 0,
            ]]]],
        ])
        #expect(bad.status == 201, "\(bad.body)")
        let badBody = try JSONSerialization.jsonObject(with: Data(bad.body.utf8)) as? [String: Any]
        #expect(badBody?["stableVersion"] as? String == "v2")
        let badID = try #require(badBody?["id"] as? String)
        let state = try await deployment(url, badID) { $0["phase"] as? String == "aborted" && $0["rolledBack"] as? Bool == true }
        #expect(state["reason"] as? String == "analysis of step 1 error", "\(state)")
        lines = try await Self.lines(of: "\(directory)/bad.log", count: 2)
        #expect(lines == ["setWeight 100 v3", "setWeight 0 v3"])

        // The release before it can be rolled back only while it is the newest.
        let rollback = try await sendJSON(.POST, "\(url)/api/v1/deployments/\(goodID)/rollback", [:] as [String: String])
        #expect(rollback.status == 409, "\(rollback.body)")
        // A release done elsewhere is recorded, not driven.
        let recorded = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "checkout", "version": "v4", "recorded": ["startedAt": "2026-11-30T10:00:00Z", "finishedAt": "2026-11-30T10:05:00Z"],
        ])
        #expect(recorded.status == 201 && recorded.body.contains("\"phase\":\"succeeded\""), "\(recorded.body)")
    }

    @Test(.enabled(if: nginx != nil || isRequired))
    func aRollingReleaseHaltsAtAFailingHealthCheckAndRestoresTheUpdatedInstances() async throws {
        let nginxBinary = try #require(Self.nginx, "SEXTANT_REQUIRE_NGINX=1 but SEXTANT_TEST_NGINX is not set")
        let directory = try temporaryDirectory()
        let names = ["c1", "c2", "c3", "c4"]
        var instances: [ListeningChild] = []
        var ports: [Int] = []
        for name in names {
            let child = try ListeningChild("/usr/bin/python3", [Self.backend, name, "0"], environment: ["HEALTH_FILE": "\(directory)/\(name).unhealthy"])
            instances.append(child)
            ports.append(try await child.port())
        }
        defer { instances.forEach { $0.stop() } }
        let front = try NginxFront(binary: nginxBinary, stable: ports[0])
        try await front.waitUntilServing()
        let (server, url) = try await Self.start()
        defer { _ = server }

        // The update program: logs each action and what nginx routes to at that moment; the new
        // version of c3 fails its health check, and a restore mends it.
        let script = """
            for i in $SEXTANT_INSTANCES; do
                echo "$SEXTANT_ACTION $i" >> \(directory)/actions.log
                [ "$SEXTANT_ACTION" = update ] && [ "$i" = c3 ] && touch \(directory)/c3.unhealthy
                [ "$SEXTANT_ACTION" = restore ] && rm -f \(directory)/$i.unhealthy
            done
            grep -c ' down;' \(front.upstreamFile) >> \(directory)/down.log
            exit 0
            """
        let created = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "checkout", "version": "v2", "stableVersion": "v1",
            "strategy": ["rolling": [
                "batchSize": 2, "healthTimeout": "2s",
                "update": ["path": "/bin/sh", "arguments": ["-c", script]],
                "instances": zip(names, ports).map { name, port in
                    ["name": name, "address": "127.0.0.1:\(port)", "healthURL": "http://127.0.0.1:\(port)/health"]
                },
            ]],
            "traffic": front.provider(stable: [], canary: []),
        ])
        #expect(created.status == 201, "\(created.body)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])?["id"] as? String)
        let state = try await deployment(url, id) { $0["phase"] as? String == "aborted" && $0["rolledBack"] as? Bool == true }
        #expect((state["reason"] as? String ?? "").hasPrefix("health check of batch 2 failed: instance c3 is unhealthy"), "\(state)")
        let actions = try await Self.lines(of: "\(directory)/actions.log", count: 8)
        #expect(actions == ["update c1", "update c2", "update c3", "update c4", "restore c1", "restore c2", "restore c3", "restore c4"])
        // Each batch was out of the traffic while it was updated; after the restore, none is.
        #expect(try await Self.lines(of: "\(directory)/down.log", count: 3) == ["2", "2", "2"])
        #expect(!(try String(contentsOfFile: front.upstreamFile, encoding: .utf8)).contains("down"))
        let tally = try await front.spread(400)
        #expect(tally == ["c1": 100, "c2": 100, "c3": 100, "c4": 100], "\(tally)")
        let said = Self.events(state)
        #expect(said.contains("batch 1: enabled c1, c2") && said.last == "every instance is back on the old version", "\(said)")
    }

    /// On PostgreSQL, the leader is killed while a canary pauses; the other replica takes the
    /// lease and resumes the same deployment, and nginx reloads once per weight: no step twice.
    @Test(.enabled(if: (nginx != nil && TestBackend.available.contains(.postgres)) || isRequired))
    func aNewLeaderResumesTheDeploymentWithoutRepeatingAStep() async throws {
        let nginxBinary = try #require(Self.nginx, "SEXTANT_REQUIRE_NGINX=1 but SEXTANT_TEST_NGINX is not set")
        try await withTestDatabase(.postgres) { database in
            let stable = try ListeningChild("/usr/bin/python3", [Self.backend, "stable", "0"])
            let canary = try ListeningChild("/usr/bin/python3", [Self.backend, "canary", "0"])
            let stablePort = try await stable.port(), canaryPort = try await canary.port()
            let front = try NginxFront(binary: nginxBinary, stable: stablePort)
            try await front.waitUntilServing()
            let (first, firstURL, second, secondURL) = try await leaderAndFollower(databaseURL: try #require(database.url))
            _ = try await sendJSON(.POST, "\(firstURL)/api/v1/components", ["name": "checkout", "owner": "team-shop", "tier": 1])

            let created = try await sendJSON(.POST, "\(secondURL)/api/v1/deployments", [
                "service": "checkout", "version": "v2", "stableVersion": "v1",
                "strategy": ["canary": ["steps": [["setWeight": 20], ["pause": ["duration": "2s"]], ["setWeight": 40], ["pause": ["duration": "1s"]],
                                                  ["setWeight": 100]]]],
                "traffic": front.provider(stable: [stablePort], canary: ["127.0.0.1:\(canaryPort)"]),
            ])
            #expect(created.status == 201, "\(created.body)")
            let id = try #require((try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])?["id"] as? String)
            _ = try await deployment(secondURL, id) { $0["phase"] as? String == "paused" && $0["weight"] as? Int == 20 }
            first.signal(SIGKILL)
            _ = try await first.exitStatus()

            let state = try await deployment(secondURL, id) { $0["phase"] as? String == "succeeded" }
            let said = Self.events(state)
            #expect(said.filter { $0 == "weight 20 % verified" }.count == 1 && said.contains("weight 40 % verified") && said.last == "succeeded",
                    "\(said)")
            #expect(front.reloads == 3, "nginx reloaded \(front.reloads) times for three weights")
            #expect(try await front.spread(100) == ["canary": 100])
            _ = second
        }
    }

    /// Phase changes go out as alerts (`DeploymentPhase`), routed to the configuration's receivers.
    @Test
    func phaseChangesReachTheReceiversTheAlertingConfigurationRoutesThemTo() async throws {
        try await withRoutedSextant { url, sink in
            _ = try await sendJSON(.POST, "\(url)/api/v1/components", ["name": "checkout", "owner": "team-shop", "tier": 1])
            let created = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
                "service": "checkout", "version": "v2", "strategy": ["canary": ["steps": [["setWeight": 100]]]],
                "traffic": ["command": ["path": "/bin/true"]],
            ])
            #expect(created.status == 201, "\(created.body)")
            func announced() -> [[String: String]] {
                sink.received.flatMap { ($0.body["alerts"] as? [[String: Any]] ?? []).compactMap { $0["labels"] as? [String: String] } }
            }
            for _ in 0..<300 where !announced().contains(where: { $0["phase"] == "succeeded" }) {
                try await Task.sleep(for: .milliseconds(100))
            }
            let succeeded = announced().first { $0["phase"] == "succeeded" }
            #expect(succeeded?["alertname"] == "DeploymentPhase" && succeeded?["service"] == "checkout" && succeeded?["version"] == "v2",
                    "\(announced())")
        }
    }

    /// `sextant deploy`: create from YAML, follow, promote, list and roll back after success.
    @Test
    func theCommandLineCreatesFollowsPromotesAndRollsBack() async throws {
        let (server, url) = try await Self.start()
        defer { _ = server }
        let file = try temporaryDirectory() + "/deploy.yaml"
        try """
            service: checkout
            version: v2
            stableVersion: v1
            strategy:
              canary:
                steps:
                  - setWeight: 50
                  - pause: {}
                  - setWeight: 100
            traffic:
              command:
                path: /bin/true
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let created = try await runSextant(["deploy", "create", "-f", file, "--server", url])
        #expect(created.status == 0, "\(created.error)")
        let id = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await deployment(url, id) { $0["phase"] as? String == "paused" }
        let status = try await runSextant(["deploy", "status", id, "--server", url])
        #expect(status.output.contains("step 2/3") && status.output.contains("50%") && status.output.contains("paused: waiting for promote"),
                "\(status.output)")
        let promoted = try await runSextant(["deploy", "promote", id, "--server", url])
        #expect(promoted.status == 0 && promoted.output.contains(id), "\(promoted.output)\(promoted.error)")
        let watched = try await runSextant(["deploy", "status", id, "--watch", "--server", url])
        #expect(watched.status == 0 && watched.output.contains("promoted") && watched.output.contains("succeeded"), "\(watched.output)")
        let listed = try await runSextant(["deploy", "list", "--service", "checkout", "--server", url])
        #expect(listed.output.contains(id) && listed.output.contains("succeeded"), "\(listed.output)")
        let again = try await runSextant(["deploy", "promote", id, "--server", url])
        #expect(again.status != 0 && again.error.contains("cannot promote a deployment that is succeeded"), "\(again.error)")
        let rolledBack = try await runSextant(["deploy", "rollback", id, "--server", url])
        #expect(rolledBack.status == 0, "\(rolledBack.error)")
        let after = try await runSextant(["deploy", "status", id, "--watch", "--server", url])
        #expect(after.output.contains("rolled back by") && after.output.contains("rolled back"), "\(after.output)")
    }

    /// A Prometheus query judges a step; a dry-run metric that fails is measured and shown but
    /// does not decide.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SEXTANT_TEST_PROMETHEUS"] != nil))
    func aPrometheusQueryJudgesAStepAndADryRunDoesNotDecide() async throws {
        let binary = try #require(ProcessInfo.processInfo.environment["SEXTANT_TEST_PROMETHEUS"])
        let directory = try temporaryDirectory()
        let prometheus = try PrometheusProcess(binary: binary, port: freePort(), directory: directory + "/prometheus", targets: [])
        defer { prometheus.stop() }
        try await prometheus.waitUntilReady()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory,
                                         "--prometheus-url", "http://\(PrometheusProcess.username):\(PrometheusProcess.password)@127.0.0.1:\(prometheus.port)"])
        let url = "http://127.0.0.1:\(try await server.port())"
        _ = try await sendJSON(.POST, "\(url)/api/v1/components", ["name": "checkout", "owner": "team-shop", "tier": 1])
        let created = try await sendJSON(.POST, "\(url)/api/v1/deployments", [
            "service": "checkout", "version": "v2",
            "strategy": ["canary": ["steps": [["setWeight": 20], ["analysis": "prom"], ["setWeight": 100]]]],
            "traffic": ["command": ["path": "/bin/true"]],
            "analyses": ["prom": ["metrics": [
                ["name": "error-ratio", "provider": ["prometheus": ["query": "vector(0.01)"]], "successCondition": "result < 0.05"],
                ["name": "saturation", "provider": ["prometheus": ["query": "vector(0.9)"]], "failureCondition": "result > 0.5", "dryRun": true],
            ]]],
        ])
        #expect(created.status == 201, "\(created.body)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])?["id"] as? String)
        let state = try await deployment(url, id) { $0["phase"] as? String == "succeeded" || $0["phase"] as? String == "aborted" }
        #expect(state["phase"] as? String == "succeeded", "\(state)")
        let measured = (state["measurements"] as? [[String: Any]] ?? []).map { "\($0["metric"] ?? "") \($0["value"] ?? "") \($0["phase"] ?? "")" }
        #expect(Set(measured) == ["error-ratio 0.01 successful", "saturation 0.9 failed"], "\(measured)")
        _ = server
    }

    static func lines(of path: String, count: Int) async throws -> [String] {
        for _ in 0..<300 {
            let lines = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            if lines.count >= count { return lines }
            try await Task.sleep(for: .milliseconds(100))
        }
        return ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
