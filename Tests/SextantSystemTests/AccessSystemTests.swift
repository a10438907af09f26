#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SextantCore
import SextantStorage
import SextantTestSupport
import Testing

/// Access control through the real binary: the first start, the CLI with no key set up, secrets
/// that stay out of every output and the database files, and an audit trail edited with the
/// database's own tools.
@Suite("Access control, end to end")
struct AccessSystemTests {
    /// No test-run key: the server makes its own, as on a fresh machine.
    static let firstRun = ["SEXTANT_ADMIN_KEY_FILE": "", "SEXTANT_TOKEN": ""]

    /// Runs the CLI in `directory` with nothing but its `admin.key` to authenticate with.
    static func cli(_ arguments: [String], in directory: String) async throws -> (status: Int32, output: String, error: String) {
        let process = try SextantProcess(arguments, environment: firstRun, workingDirectory: directory)
        let status = try await process.exitStatus()
        return (status, process.output, process.errorOutput)
    }

    @Test func aFirstStartMakesAnAdminKeyTheCLIFindsAndNoSecretLeaks() async throws {
        let directory = try temporaryDirectory()
        let markers = (slack: "MARKERSLACK9141", prometheus: "MARKERPROMPASS9152")
        try """
            global:
              slack_api_url: https://hooks.slack.example/services/\(markers.slack)
            route:
              receiver: team
            receivers:
              - name: team
                slack_configs:
                  - channel: '#ops'
            """.write(toFile: directory + "/alerting.yaml", atomically: true, encoding: .utf8)
        let server = try SextantProcess(["serve", "--port", "0", "--alerting-config", directory + "/alerting.yaml",
                                         "--prometheus-url", "http://reader:\(markers.prometheus)@127.0.0.1:9/", "--prometheus-attempts", "1"],
                                        environment: Self.firstRun, workingDirectory: directory)
        let url = "http://127.0.0.1:\(try await server.port())"
        let keyFile = directory + "/.sextant/admin.key"
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let admin = try #require(APIKeyText.parse(try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(server.errorOutput.contains(admin.text), "the banner shows the key once")

        let whoami = try await Self.cli(["whoami", "--server", url], in: directory)
        #expect(whoami.status == 0 && whoami.output.contains("admin (\(admin.id)): admin"), "\(whoami)")
        let created = try await Self.cli(["keys", "create", "--name", "grafana", "--role", "viewer", "--server", url], in: directory)
        let viewer = try #require(APIKeyText.parse(created.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(created)")
        #expect(try await httpGet("\(url)/api/v1/components", key: viewer.text).status == 200)
        #expect(try await httpGet("\(url)/api/v1/components", key: nil).status == 401)
        #expect(try await httpGet("\(url)/api/v1/audit", key: viewer.text).status == 403)
        let listed = try await Self.cli(["keys", "list", "--server", url], in: directory)
        #expect(listed.output.contains("grafana") && !listed.output.contains(viewer.secret))
        // A job that reaches the Prometheus in the URL reports its failure without the password.
        let run = try await PrometheusInteropTests.runJob(url, key: admin.text)
        #expect(run["outcome"] as? String == "failed", "\(run)")

        var answers = ""
        for path in ["/api/v1/jobs", "/api/v1/jobs/ingest-service-graph/runs", "/api/v2/status", "/api/v1/audit?limit=1000", "/api/v1/auth/keys", "/metrics"] {
            answers += try await httpGet(url + path, key: admin.text).body
        }
        #expect(answers.contains("<secret>") && answers.contains("grafana"))
        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)

        let logs = server.output
        #expect(logs.contains(#""msg":"listening""#))
        var database = Data()
        for file in ["sextant.db", "sextant.db-wal"] {
            database += FileManager.default.contents(atPath: directory + "/.sextant/" + file) ?? Data()
        }
        #expect(database.count > 100_000)
        for secret in [viewer.secret, admin.secret, markers.slack, markers.prometheus] {
            #expect(!logs.contains(secret), "\(secret) in the log")
            #expect(!answers.contains(secret), "\(secret) in an answer")
            #expect(database.range(of: Data(secret.utf8)) == nil, "\(secret) in the database files")
        }
        for secret in [viewer.secret, markers.slack, markers.prometheus] {
            #expect(!server.errorOutput.contains(secret), "\(secret) on standard error")
        }
    }

    /// An audit record edited or deleted with `sqlite3` or `psql` is named by `sextant audit verify`.
    @Test(arguments: TestBackend.available)
    func auditVerifyNamesARecordEditedWithTheDatabasesOwnTool(_ backend: TestBackend) async throws {
        try await withTestDatabase(backend) { database in
            let directory = try temporaryDirectory()
            let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--database-url", try #require(database.url)])
            let url = "http://127.0.0.1:\(try await server.port())"
            #expect(try await runSextant(["catalog", "apply", "-f", exampleCatalogPath, "--server", url]).status == 0)
            #expect(try await runSextant(["silence", "add", "alertname=Deploy", "--comment", "deploy", "--server", url]).status == 0)
            let intact = try await runSextant(["audit", "verify", "--server", url])
            #expect(intact.status == 0 && intact.output.contains("intact"), "\(intact)")

            let (tool, toolArguments): (String, [String])
            switch database.location {
            case .postgres:
                (tool, toolArguments) = ("/usr/bin/psql", [try #require(database.url), "-v", "ON_ERROR_STOP=1", "-c", "DELETE FROM audit_log WHERE sequence = 3"])
            case .sqlite(let path):
                // The server is running: wait out its writes rather than fail on the first busy lock.
                (tool, toolArguments) = ("/usr/bin/sqlite3", ["-cmd", ".timeout 10000", path, "UPDATE audit_log SET outcome = 'denied' WHERE sequence = 3"])
            }
            let edit = try runTool(tool, toolArguments, in: directory)
            #expect(edit.status == 0, "\(edit.output)")
            let broken = try await runSextant(["audit", "verify", "--server", url])
            #expect(broken.status == 1 && broken.output.contains("broken at record 3"), "\(broken)")
            server.signal(SIGTERM)
            _ = try await server.exitStatus()
        }
    }

    /// With every admin key lost, `sextant admin bootstrap` makes a new one in the store, writes
    /// it to `admin.key`, and audits it.
    @Test func adminBootstrapMakesANewAdminKeyWhenEveryOneIsLost() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory], environment: Self.firstRun)
        let url = "http://127.0.0.1:\(try await server.port())"
        let keyFile = directory + "/admin.key"
        let first = try #require(APIKeyText.parse(try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let revoked = try await runSextant(["keys", "revoke", first.id, "--server", url, "--token", first.text])
        #expect(revoked.status == 0, "\(revoked)")
        #expect(try await httpGet("\(url)/api/v1/auth/whoami", key: first.text).status == 401)

        let bootstrap = try await runSextant(["admin", "bootstrap", "--data-dir", directory], environment: Self.firstRun)
        #expect(bootstrap.status == 0, "\(bootstrap)")
        let second = try #require(APIKeyText.parse(bootstrap.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(bootstrap)")
        #expect(second.id != first.id)
        #expect(try String(contentsOfFile: keyFile, encoding: .utf8).contains(second.text))
        #expect(try await httpGet("\(url)/api/v1/auth/whoami", key: second.text).status == 200)
        let audit = try await httpGet("\(url)/api/v1/audit?action=bootstrap", key: second.text)
        let records = (try JSONSerialization.jsonObject(with: Data(audit.body.utf8)) as? [String: Any])?["records"] as? [[String: Any]] ?? []
        #expect(records.compactMap { $0["keyID"] as? String } == [first.id, second.id], "\(audit.body)")
        server.signal(SIGTERM)
        _ = try await server.exitStatus()
    }
}
