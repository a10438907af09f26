#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SextantCore
import SextantTestSupport
import Testing

/// Secrets against a running Sextant, once with the built-in keyring and once with OpenBao's
/// transit engine as the key-encryption key: revealed only to admins (audited), referenced from
/// configuration, rotated, rewrapped and retired without losing a value, refused when tampered
/// with or moved, and never in the database files, the logs or the audit trail in plain text.
@Suite("Secret scenarios")
struct SecretScenarioTests {
    enum Keyring: String, CaseIterable, CustomStringConvertible {
        case builtin, transit
        var description: String { rawValue }
    }

    static func json(_ body: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    static func error(_ body: String) -> [String: Any] { json(body)["error"] as? [String: Any] ?? [:] }

    static func sqlite(_ database: String, _ statement: String) throws {
        let edit = try runTool("/usr/bin/sqlite3", ["-cmd", ".timeout 10000", database, statement], in: NSTemporaryDirectory())
        #expect(edit.status == 0, "\(edit.output)")
    }

    @Test(arguments: Keyring.allCases.filter { $0 == .builtin || OpenBaoProcess.isEnabled })
    func secretsAreRevealedOnlyToAdminsRotatedAndNeverStoredPlain(_ keyring: Keyring) async throws {
        let directory = try temporaryDirectory()
        let bao = keyring == .transit ? try await OpenBaoProcess() : nil
        var arguments = ["serve", "--port", "0", "--data-dir", directory]
        var environment: [String: String] = [:]
        if let bao {
            arguments += ["--vault-url", bao.url, "--vault-transit-key", "sextant"]
            environment["SEXTANT_VAULT_TOKEN"] = OpenBaoProcess.token
        }
        let server = try SextantProcess(arguments, environment: environment)
        let url = "http://127.0.0.1:\(try await server.port())"
        if keyring == .builtin {
            var status = stat()
            #expect(stat(directory + "/master.key", &status) == 0 && status.st_mode & 0o777 == 0o600)
            #expect(server.output.contains("created a new master key") || server.errorOutput.contains("created a new master key"))
        }
        let marker = "sx-marker-\(UUID().uuidString.prefix(12))"
        let operatorKey = try await runSextant(["keys", "create", "--name", "ops", "--role", "operator", "--server", url]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await runSextant(["env", "create", "staging", "--server", url]).status == 0)

        // Stored from a file, shown without its value; revealed to an admin only, and audited.
        try "\(marker)-1\n".write(toFile: directory + "/value", atomically: true, encoding: .utf8)
        let put = try await runSextant(["secret", "put", "staging", "db/password", "-f", directory + "/value", "--server", url])
        #expect(put.output == "staging/db/password: version 1\n", "\(put.output)\(put.error)")
        let metadata = try await httpGet("\(url)/api/v1/secrets/staging/db/password")
        #expect(metadata.status == 200 && !metadata.body.contains(marker) && Self.json(metadata.body)["value"] == nil, "\(metadata.body)")
        let refused = try await httpGet("\(url)/api/v1/secrets/staging/db/password?reveal=true", key: operatorKey)
        #expect(refused.status == 403 && !refused.body.contains(marker))
        let revealed = try await runSextant(["secret", "get", "staging", "db/password", "--reveal", "--server", url])
        #expect(revealed.output == "\(marker)-1\n", "\(revealed.output)\(revealed.error)")

        // Configuration references it; the resolved view inlines it for an admin only.
        #expect(try await sendJSON(.PUT, "\(url)/api/v1/configuration/payments.db?environment=staging",
                                   ["host": "db", "password": ["secretRef": "db/password"]], key: operatorKey).status == 201)
        #expect(try await httpGet("\(url)/api/v1/configuration?environment=staging&resolve=true", key: operatorKey).status == 403)
        let resolved = try await httpGet("\(url)/api/v1/configuration?environment=staging&resolve=true")
        #expect(resolved.body.contains("\"password\":\"\(marker)-1\""), "\(resolved.body)")

        // Rotation end to end: read under v1, rotate, write under v2, rewrap, retire v1: every value reads.
        #expect(try await runSextant(["secret", "rotate-key", "--server", url]).output == "key version 2 (\(keyring))\n")
        #expect(try await runSextant(["secret", "get", "staging", "db/password", "--reveal", "--server", url]).output == "\(marker)-1\n")
        try "\(marker)-2".write(toFile: directory + "/value", atomically: true, encoding: .utf8)
        _ = try await runSextant(["secret", "put", "staging", "api/token", "-f", directory + "/value", "--server", url])
        let versions = Self.json(try await httpGet("\(url)/api/v1/secrets/staging/api/token").body)["versions"] as? [[String: Any]]
        #expect(versions?.first?["keyVersion"] as? Int == 2, "\(versions ?? [])")
        let stillWrapped = try await sendJSON(.PUT, "\(url)/api/v1/keyring", ["minimumDecryptionVersion": 2])
        #expect(stillWrapped.status == 409 && Self.error(stillWrapped.body)["code"] as? String == "still_wrapped", "\(stillWrapped.body)")
        let rewrapped = try await runSextant(["secret", "rewrap", "--server", url])
        #expect(rewrapped.output == "rewrapped 1 data keys under key version 2\n", "\(rewrapped.output)\(rewrapped.error)")
        let retired = try await runSextant(["secret", "retire-keys", "--below", "2", "--server", url])
        #expect(retired.status == 0 && retired.output.hasPrefix("minimum decryption version 2"), "\(retired.output)\(retired.error)")
        if keyring == .builtin { #expect(retired.output.hasSuffix("key versions 2\n"), "\(retired.output)") }
        for (path, value) in [("db/password", "\(marker)-1"), ("api/token", "\(marker)-2")] {
            #expect(try await runSextant(["secret", "get", "staging", path, "--reveal", "--server", url]).output == value + "\n", "\(path)")
        }

        // A value left under a retired key is refused, saying so; never garbage.
        _ = try await runSextant(["secret", "rotate-key", "--server", url])
        #expect(try await runSextant(["secret", "retire-keys", "--below", "3", "--force", "--server", url]).status == 0)
        let stranded = try await httpGet("\(url)/api/v1/secrets/staging/api/token?reveal=true")
        #expect(stranded.status == 409 && Self.error(stranded.body)["code"] as? String == "key_retired" && !stranded.body.contains(marker),
                "\(stranded.body)")

        // A flipped byte and a ciphertext moved to another row are both integrity errors.
        for path in ["tamper/a", "tamper/b", "tamper/c"] {
            try "\(marker)-\(path)".write(toFile: directory + "/value", atomically: true, encoding: .utf8)
            #expect(try await runSextant(["secret", "put", "staging", path, "-f", directory + "/value", "--server", url]).status == 0)
        }
        let database = directory + "/sextant.db"
        try Self.sqlite(database, """
            UPDATE secret_versions SET ciphertext = substr(ciphertext, 1, 20) || (CASE substr(ciphertext, 21, 1) WHEN 'A' THEN 'B' ELSE 'A' END) \
            || substr(ciphertext, 22) WHERE path = 'tamper/a'
            """)
        try Self.sqlite(database, """
            UPDATE secret_versions SET ciphertext = (SELECT ciphertext FROM secret_versions WHERE path = 'tamper/b'), \
            wrapped_key = (SELECT wrapped_key FROM secret_versions WHERE path = 'tamper/b') WHERE path = 'tamper/c'
            """)
        for path in ["tamper/a", "tamper/c"] {
            let tampered = try await httpGet("\(url)/api/v1/secrets/staging/\(path)?reveal=true")
            #expect(tampered.status == 500 && Self.error(tampered.body)["code"] as? String == "integrity_error" && !tampered.body.contains(marker),
                    "\(path): \(tampered.body)")
        }
        #expect(try await runSextant(["secret", "get", "staging", "tamper/b", "--reveal", "--server", url]).output == "\(marker)-tamper/b\n")

        // Deleted, the value is gone from reads; undeleted, it is back; destroyed, it is gone for good.
        #expect(try await runSextant(["secret", "delete", "staging", "tamper/b", "--server", url]).status == 0)
        #expect(try await httpGet("\(url)/api/v1/secrets/staging/tamper/b?reveal=true").status == 404)
        #expect(try await runSextant(["secret", "undelete", "staging", "tamper/b", "--versions", "1", "--server", url]).status == 0)
        #expect(try await runSextant(["secret", "get", "staging", "tamper/b", "--reveal", "--server", url]).output == "\(marker)-tamper/b\n")
        #expect(try await runSextant(["secret", "delete", "staging", "tamper/b", "--destroy", "--server", url]).status == 0)
        #expect(try await httpGet("\(url)/api/v1/secrets/staging/tamper/b?reveal=true").status == 410)
        #expect(try await sendJSON(.POST, "\(url)/api/v1/secrets/staging/tamper/b", ["undelete": [1]]).status == 404)

        // The audit trail names every reveal, never a value.
        let audit = try await httpGet("\(url)/api/v1/audit?limit=1000").body
        #expect(audit.contains("reveal-secret") && audit.contains("secret staging/db/password version 1") && !audit.contains(marker))
        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)
        #expect(!server.output.contains(marker) && !server.errorOutput.contains(marker))
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file.hasPrefix("sextant.db") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))
            #expect(bytes.range(of: Data(marker.utf8)) == nil, "\(file) holds the marker in plain text")
        }
    }

    /// Without its master key, Sextant starts sealed: secrets answer 503, everything else works;
    /// a key file others may read is refused.
    @Test
    func withoutTheMasterKeySecretsAreSealedAndALooseKeyFileIsRefused() async throws {
        let directory = try temporaryDirectory()
        var server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory])
        var url = "http://127.0.0.1:\(try await server.port())"
        #expect(try await runSextant(["env", "create", "staging", "--server", url]).status == 0)
        #expect(try await sendJSON(.PUT, "\(url)/api/v1/secrets/staging/db/password", ["value": "x"]).status == 201)
        server.signal(SIGTERM)
        _ = try await server.exitStatus()
        try FileManager.default.moveItem(atPath: directory + "/master.key", toPath: directory + "/kept.key")

        server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory])
        url = "http://127.0.0.1:\(try await server.port())"
        let sealed = try await httpGet("\(url)/api/v1/secrets/staging/db/password?reveal=true")
        #expect(sealed.status == 503 && Self.error(sealed.body)["code"] as? String == "sealed", "\(sealed.body)")
        #expect(try await sendJSON(.PUT, "\(url)/api/v1/secrets/staging/db/other", ["value": "x"]).status == 503)
        #expect(try await sendJSON(.PUT, "\(url)/api/v1/configuration/shop.retries?environment=staging", 3).status == 201)
        #expect(Self.json(try await httpGet("\(url)/api/v1/keyring").body)["sealed"] as? Bool == true)
        server.signal(SIGTERM)
        _ = try await server.exitStatus()

        chmod(directory + "/kept.key", 0o644)
        let loose = try await runSextant(["serve", "--port", "0", "--data-dir", directory, "--master-key-file", directory + "/kept.key"])
        #expect(loose.status != 0 && loose.error.contains("has mode 0644"), "\(loose.error)")
        chmod(directory + "/kept.key", 0o600)
        server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--master-key-file", directory + "/kept.key"])
        url = "http://127.0.0.1:\(try await server.port())"
        let opened = try await httpGet("\(url)/api/v1/secrets/staging/db/password?reveal=true")
        #expect(opened.status == 200 && Self.json(opened.body)["value"] as? String == "x", "\(opened.body)")
        _ = server
    }

    /// A vaultRef resolves through OpenBao's KV v2, every time: a second version there is picked up.
    @Test(.enabled(if: OpenBaoProcess.isEnabled))
    func vaultReferencesResolveFromOpenBaosKV() async throws {
        let bao = try await OpenBaoProcess()
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--vault-url", bao.url],
                                        environment: ["SEXTANT_VAULT_TOKEN": OpenBaoProcess.token])
        let url = "http://127.0.0.1:\(try await server.port())"
        #expect(try await runSextant(["env", "create", "staging", "--server", url]).status == 0)
        #expect(try await bao.call("POST", "secret/data/payments", ["data": ["api_key": "kv-first-7f3a"]]).status == 200)
        let stored = try await sendJSON(.PUT, "\(url)/api/v1/configuration/payments.api_key?environment=staging",
                                        ["vaultRef": "secret/data/payments#api_key"])
        #expect(stored.status == 201, "\(stored.body)")
        func resolved() async throws -> String? {
            Self.json(try await httpGet("\(url)/api/v1/configuration/payments.api_key?environment=staging&resolve=true").body)["value"] as? String
        }
        #expect(try await resolved() == "kv-first-7f3a")
        #expect(try await bao.call("POST", "secret/data/payments", ["data": ["api_key": "kv-second-7f3a"]]).status == 200)
        #expect(try await resolved() == "kv-second-7f3a")
        let missing = try await sendJSON(.PUT, "\(url)/api/v1/configuration/payments.other_key?environment=staging", ["vaultRef": "secret/data/nothing#x"])
        #expect(missing.status == 201)
        let unresolved = try await httpGet("\(url)/api/v1/configuration/payments.other_key?environment=staging&resolve=true")
        #expect(unresolved.status == 502 && unresolved.body.contains("Vault has no secret at secret/data/nothing"), "\(unresolved.body)")
        // Vault gone: a clear error, and nothing of what it held kept on disk.
        bao.stop()
        let unreachable = try await httpGet("\(url)/api/v1/configuration/payments.api_key?environment=staging&resolve=true")
        #expect(unreachable.status == 502 && Self.error(unreachable.body)["code"] as? String == "vault_unreachable" && !unreachable.body.contains("kv-second"),
                "\(unreachable.body)")
        server.signal(SIGTERM)
        _ = try await server.exitStatus()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))) ?? Data()
            #expect(bytes.range(of: Data("kv-second-7f3a".utf8)) == nil && bytes.range(of: Data("kv-first-7f3a".utf8)) == nil, "\(file)")
        }
    }
}
