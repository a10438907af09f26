#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import SextantTestSupport
import NIOCore

/// A real Alertmanager 0.25 on loopback with clustering off and a throwaway data directory.
final class AlertmanagerProcess: @unchecked Sendable {
    static let binary = ProcessInfo.processInfo.environment["SEXTANT_TEST_ALERTMANAGER"]
    static let amtool = ProcessInfo.processInfo.environment["SEXTANT_TEST_AMTOOL"]
    static let isRequired = ProcessInfo.processInfo.environment["SEXTANT_REQUIRE_ALERTMANAGER"] == "1"
    /// Whether the tests that need Alertmanager run: when it is installed, or when CI demands it.
    static var isEnabled: Bool { (binary != nil && amtool != nil) || isRequired }

    private var child: ChildProcess?
    let port: Int

    init(configuration: String, directory: String, externalURL: String) throws {
        guard let binary = Self.binary else { throw ProcessFailure("SEXTANT_REQUIRE_ALERTMANAGER=1 but SEXTANT_TEST_ALERTMANAGER is not set") }
        port = freePort()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try configuration.write(toFile: directory + "/alertmanager.yml", atomically: true, encoding: .utf8)
        child = try ChildProcess(binary, ["--config.file=\(directory)/alertmanager.yml", "--storage.path=\(directory)/data",
                                          "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--web.external-url=\(externalURL)"],
                                 environment: ProcessInfo.processInfo.environment)
    }

    deinit { stop() }

    var url: String { "http://127.0.0.1:\(port)" }

    func waitUntilReady() async throws {
        try await awaitReadiness(of: "Alertmanager on \(url)") { (try? await httpGet("\(url)/-/ready", timeout: .seconds(2)))?.status == 200 }
    }

    func stop() {
        guard let child, child.isRunning else { return }
        child.signal(SIGTERM)
        child.waitForExit()
    }
}

/// A POST of JSON over real HTTP.
func httpPost(_ url: String, json: Any) async throws -> (status: Int, body: String) {
    var request = keyedRequest(url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
    return (Int(response.status.code), String(buffer: body))
}

/// Runs `amtool` against `url` and returns its exit status and output.
/// Runs amtool against `url`, sending `key` as a bearer token through `--http.config.file`, as
/// amtool users configure it.
func runAmtool(_ url: String, _ arguments: [String], key: String? = TestAdminKey.text) async throws -> (status: Int32, output: String) {
    guard let binary = AlertmanagerProcess.amtool else { throw ProcessFailure("SEXTANT_TEST_AMTOOL is not set") }
    var options = ["--alertmanager.url=\(url)"]
    if let key {
        let file = NSTemporaryDirectory() + "amtool-http-\(UUID().uuidString).yaml"
        try "authorization:\n  type: Bearer\n  credentials: \(key)\n".write(toFile: file, atomically: true, encoding: .utf8)
        options.append("--http.config.file=\(file)")
    }
    return try runTool(binary, options + arguments, in: NSTemporaryDirectory())
}

/// A routing file that sends every alert, grouped by name, to `sinkURL/team` after 1 s.
func teamWebhookRouting(sinkURL: String, groupInterval: String, groupWait: String = "1s") -> String {
    """
    route:
      receiver: team
      group_by: [alertname]
      group_wait: \(groupWait)
      group_interval: \(groupInterval)
      repeat_interval: 1h
    receivers:
      - name: team
        webhook_configs:
          - url: \(sinkURL)/team
    """
}
