#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import SextantTestSupport

/// The API contract against a live server: `openapi-spec-validator` accepts `/openapi.json`,
/// and Schemathesis (PyPI) sends every operation but the web UI's pages a bounded number of
/// generated requests with an admin key: no answer is a 5xx, and every answer matches the
/// schema the document gives for its status.
@Suite("API contract")
struct SchemathesisTests {
    static var tools: String? {
        PythonSDKInteropTests.python.map { ($0 as NSString).deletingLastPathComponent }
    }

    @Test func schemathesisFindsNoServerErrorAndNoSchemaMismatch() async throws {
        let tools = try #require(Self.tools, "SEXTANT_TEST_PYTHON is not set")
        let directory = NSTemporaryDirectory() + "sextant-schemathesis-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The demo's topology and traffic, and objectives over it, so that answers carry data.
        let server = try SextantProcess(["serve", "--demo", "--port", "0", "--data-dir", directory + "/data"])
        let url = "http://127.0.0.1:\(try await server.port())"
        let applied = try await runSextant(["slo", "apply", "-f", repositoryRoot.path + "/examples/slos.yaml", "--server", url])
        #expect(applied.status == 0, "\(applied)")

        let document = try await httpGet("\(url)/openapi.json", key: nil)
        #expect(document.status == 200)
        try document.body.write(toFile: directory + "/openapi.json", atomically: true, encoding: .utf8)
        let validator = try ChildProcess(tools + "/openapi-spec-validator", [directory + "/openapi.json"], environment: ProcessInfo.processInfo.environment)
        #expect(try await validator.exitStatus(timeout: .seconds(120)) == 0, "\(validator.output)\(validator.errorOutput)")

        let examples = ProcessInfo.processInfo.environment["SEXTANT_SCHEMATHESIS_EXAMPLES"] ?? "20"
        var environment = ProcessInfo.processInfo.environment
        environment["SCHEMATHESIS_HOOKS"] = nil
        environment["NO_COLOR"] = "1"
        let run = try ChildProcess(tools + "/schemathesis", [
            "run", "\(url)/openapi.json", "--header", "Authorization: Bearer \(TestAdminKey.text)",
            "--checks", "not_a_server_error,response_schema_conformance", "--phases", "examples,coverage,fuzzing",
            "--max-examples", examples, "--exclude-path-regex", "^/ui",
            // Revoking a key could revoke the one the run sends, and every later request would be 401.
            "--exclude-operation-id", "deleteApiV1AuthKeysId", "--request-timeout", "20", "--seed", "1",
            // One worker: Schemathesis's workers are threads, and Hypothesis parses filters' lambdas with
            // `ast.parse`, whose recursion counter CPython 3.11 keeps per interpreter, not per thread — two
            // threads parsing at once fail with "AST constructor recursion depth mismatch" (CPython 3.11.7).
            "--workers", "1",
            "--report-dir", directory + "/report",
        ], environment: environment, directory: directory)
        let status = try await run.exitStatus(timeout: .seconds(600))
        let summary = run.output.split(separator: "\n").filter { $0.contains("generated") || $0.contains("Tested:") || $0.contains("failed") }
        print("schemathesis: \(summary.joined(separator: "; "))")
        #expect(status == 0, "\(run.output.suffix(6_000))\(run.errorOutput.suffix(2_000))")
        #expect(server.isRunning, "the server stopped under Schemathesis: \(server.errorOutput.suffix(2_000))")
        server.signal(SIGTERM)
        _ = try await server.exitStatus()
    }
}
