import Foundation
import SextantCore
import SextantTestSupport
import Testing

/// Configuration against a running Sextant, through the API and the CLI: environments, versions
/// with check-and-set and tombstones, schemas and the secret policy refusing by pointer, protected
/// environments that change by promotion, watches woken by a write, import and export.
@Suite("Configuration scenarios")
struct ConfigurationScenarioTests {
    static func json(_ body: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    static func error(_ body: String) -> [String: Any] { json(body)["error"] as? [String: Any] ?? [:] }

    @Test
    func valuesAreVersionedCheckedPromotedAndWatched() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory])
        let url = "http://127.0.0.1:\(try await server.port())"
        let operatorKey = try await runSextant(["keys", "create", "--name", "ops", "--role", "operator", "--server", url]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let stagingKey = try await runSextant(["keys", "create", "--name", "stager", "--role", "operator", "--environment", "staging", "--server", url]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)

        // Environments: an admin creates them; an operator may not.
        #expect(try await sendJSON(.POST, "\(url)/api/v1/environments", ["name": "staging"], key: operatorKey).status == 403)
        #expect(try await runSextant(["env", "create", "staging", "--server", url]).status == 0)
        let created = try await runSextant(["env", "create", "production", "--protected", "--server", url])
        #expect(created.output == "production (protected)\n", "\(created.output)\(created.error)")
        #expect(try await sendJSON(.POST, "\(url)/api/v1/environments", ["name": "Bad Name"]).status == 400)

        // Nothing without an environment; an unknown one is a 404.
        let missing = try await sendJSON(.PUT, "\(url)/api/v1/configuration/payments.db", ["host": "db"])
        #expect(missing.status == 400 && Self.error(missing.body)["field"] as? String == "environment", "\(missing.body)")
        #expect(try await sendJSON(.PUT, "\(url)/api/v1/configuration/payments.db?environment=nosuch", ["host": "db"]).status == 404)

        // Versions, check-and-set, history.
        let first = try await sendJSON(.PUT, "\(url)/api/v1/configuration/payments.db?environment=staging", ["host": "db", "port": 5432], key: operatorKey)
        #expect(first.status == 201 && Self.json(first.body)["version"] as? Int == 1, "\(first.body)")
        try #"{"host": "db", "port": 6432}"#.write(toFile: directory + "/db.json", atomically: true, encoding: .utf8)
        let stale = try await runSextant(["config", "set", "payments.db", "-e", "staging", "-f", directory + "/db.json", "--if-match", "0", "--server", url])
        #expect(stale.status == 1 && stale.error.contains("409") && stale.error.contains("the newest is 1"), "\(stale.error)")
        let second = try await runSextant(["config", "set", "payments.db", "-e", "staging", "-f", directory + "/db.json", "--if-match", "1", "--server", url])
        #expect(second.output == "payments.db: version 2\n", "\(second.output)\(second.error)")
        #expect(try await runSextant(["config", "get", "payments.db", "-e", "staging", "--version", "1", "--server", url]).output
                == #"{"host":"db","port":5432}"# + "\n")
        let history = try await runSextant(["config", "history", "payments.db", "-e", "staging", "--server", url])
        #expect(history.output.split(separator: "\n").count == 3, "\(history.output)")

        // A schema refuses by pointer; the secret policy refuses plain secrets; references must resolve.
        let schema: [String: Any] = ["appliesTo": "payments.*", "schema": [
            "type": "object", "required": ["host"], "properties": ["port": ["type": "integer", "minimum": 1, "maximum": 65535]],
        ]]
        #expect(try await sendJSON(.PUT, "\(url)/api/v1/configuration-schemas/payments", schema, key: operatorKey).status == 403)
        #expect(try await sendJSON(.PUT, "\(url)/api/v1/configuration-schemas/payments", schema).status == 200)
        let badSchema = try await sendJSON(.PUT, "\(url)/api/v1/configuration-schemas/typo", ["appliesTo": "x", "schema": ["minimun": 1]])
        #expect(badSchema.status == 400 && Self.error(badSchema.body)["field"] as? String == "schema/minimun", "\(badSchema.body)")
        for (value, code, field) in [(["host": "db", "port": 70000] as [String: Any], "schema_violation", "/port"),
                                     (["port": 1], "schema_violation", ""),
                                     (["host": "db", "password": "hunter2"], "plain_secret", "/password"),
                                     (["host": "db", "password": ["secretRef": "db/password"]], "missing_secret", "/password/secretRef")] {
            let refused = try await sendJSON(.PUT, "\(url)/api/v1/configuration/payments.db?environment=staging", value, key: operatorKey)
            #expect(refused.status == 422 && Self.error(refused.body)["code"] as? String == code && Self.error(refused.body)["field"] as? String == field,
                    "\(value): \(refused.body)")
        }
        #expect(try await runSextant(["config", "get", "payments.db", "-e", "staging", "--server", url]).output == #"{"host":"db","port":6432}"# + "\n")

        // Production is protected: an operator's write is refused (and audited); a promotion is not.
        let refused = try await sendJSON(.PUT, "\(url)/api/v1/configuration/payments.db?environment=production", ["host": "x"], key: operatorKey)
        #expect(refused.status == 403, "\(refused.body)")
        let promoted = try await sendJSON(.POST, "\(url)/api/v1/configuration/payments.db/promote", ["from": "staging", "to": "production"], key: operatorKey)
        #expect(promoted.status == 200 && Self.json(promoted.body)["promotedFrom"] as? String == "staging@2", "\(promoted.body)")
        let denials = try await httpGet("\(url)/api/v1/audit?action=denied").body
        #expect(denials.contains("production is protected"), "\(denials)")
        // A key limited to staging reads nothing of production.
        #expect(try await httpGet("\(url)/api/v1/configuration/payments.db?environment=production", key: stagingKey).status == 403)
        #expect(try await httpGet("\(url)/api/v1/configuration/payments.db?environment=staging", key: stagingKey).status == 200)

        // A watch returns as soon as a write under its prefix lands.
        let listed = Self.json(try await httpGet("\(url)/api/v1/configuration?environment=staging&prefix=payments.").body)
        let index = try #require(listed["index"] as? Int)
        let watch = Task { try await httpGet("\(url)/api/v1/configuration?environment=staging&prefix=payments.&index=\(index)&wait=8s") }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        #expect(try await sendJSON(.PUT, "\(url)/api/v1/configuration/payments.replica?environment=staging", ["host": "replica"]).status == 201)
        let woken = Self.json(try await watch.value.body)
        #expect(ContinuousClock.now - started < .seconds(3) && (woken["index"] as? Int ?? 0) > index, "\(woken)")
        #expect((woken["values"] as? [[String: Any]])?.map { $0["key"] as? String } == ["payments.db", "payments.replica"])

        // A delete is a tombstone version; the history keeps what was.
        #expect(try await runSextant(["config", "delete", "payments.replica", "-e", "staging", "--server", url]).output == "payments.replica: deleted at version 2\n")
        #expect(try await httpGet("\(url)/api/v1/configuration/payments.replica?environment=staging").status == 404)
        #expect(try await httpGet("\(url)/api/v1/configuration/payments.replica?environment=staging&version=1").status == 200)

        // Export writes the layout import reads; importing it back changes nothing.
        let exported = try await runSextant(["config", "export", directory + "/out", "--server", url])
        #expect(exported.status == 0, "\(exported.error)")
        let file = try String(contentsOfFile: directory + "/out/production/payments.json", encoding: .utf8)
        #expect(Self.json(file)["db"] as? [String: Int] == nil && (Self.json(file)["db"] as? [String: Any])?["port"] as? Int == 6432, "\(file)")
        let reimported = try await runSextant(["config", "import", directory + "/out", "--server", url])
        #expect(reimported.output.split(separator: "\n").allSatisfy { $0.hasPrefix("unchanged: ") }, "\(reimported.output)\(reimported.error)")
        try FileManager.default.createDirectory(atPath: directory + "/in/staging", withIntermediateDirectories: true)
        try #"{"flags": {"newCheckout": true}, "retries": 3}"#.write(toFile: directory + "/in/staging/shop.json", atomically: true, encoding: .utf8)
        let imported = try await runSextant(["config", "import", directory + "/in", "--server", url])
        #expect(imported.output == "created: staging shop.flags version 1\ncreated: staging shop.retries version 1\n", "\(imported.output)\(imported.error)")
        _ = server
    }

    /// On PostgreSQL, a watch on one replica is woken by a write on another (the shared change
    /// index is polled while anyone watches).
    @Test(.enabled(if: TestBackend.available.contains(.postgres) || ProcessInfo.processInfo.environment["SEXTANT_REQUIRE_POSTGRES"] == "1"))
    func aWatchOnOneReplicaIsWokenByAWriteOnAnother() async throws {
        try await withTestDatabase(.postgres) { database in
            let (first, firstURL, second, secondURL) = try await leaderAndFollower(databaseURL: try #require(database.url))
            #expect(try await runSextant(["env", "create", "staging", "--server", firstURL]).status == 0)
            let index = try #require(Self.json(try await httpGet("\(firstURL)/api/v1/configuration?environment=staging&prefix=shop.").body)["index"] as? Int)
            let watch = Task { try await httpGet("\(firstURL)/api/v1/configuration?environment=staging&prefix=shop.&index=\(index)&wait=8s") }
            try await Task.sleep(for: .milliseconds(300))
            let started = ContinuousClock.now
            #expect(try await sendJSON(.PUT, "\(secondURL)/api/v1/configuration/shop.retries?environment=staging", 3).status == 201)
            let woken = Self.json(try await watch.value.body)
            #expect(ContinuousClock.now - started < .seconds(4) && (woken["values"] as? [[String: Any]])?.first?["value"] as? Int == 3, "\(woken)")
            _ = (first, second)
        }
    }
}
