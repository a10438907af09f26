#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import NIOCore
import SextantTestSupport

/// A real OpenBao (Vault-compatible) dev server on loopback: in memory, unsealed, the root token
/// `root`, `secret/` as KV v2 and transit enabled.
final class OpenBaoProcess: @unchecked Sendable {
    static let binary = ProcessInfo.processInfo.environment["SEXTANT_TEST_BAO"]
    static let isRequired = ProcessInfo.processInfo.environment["SEXTANT_REQUIRE_BAO"] == "1"
    static var isEnabled: Bool { binary != nil || isRequired }
    static let token = "root"

    private let child: ChildProcess
    private let home: String
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    init() async throws {
        guard let binary = Self.binary else { throw ProcessFailure("SEXTANT_REQUIRE_BAO=1 but SEXTANT_TEST_BAO is not set") }
        port = freePort()
        // A home of its own: a dev server writes its token to ~/.vault-token through a rename, and
        // two starting at once (tests run in parallel) make one of them fail.
        home = try temporaryDirectory()
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("BAO_") && !$0.key.hasPrefix("VAULT_") }
        environment["HOME"] = home
        child = try ChildProcess(binary, ["server", "-dev", "-dev-root-token-id=\(Self.token)", "-dev-listen-address=127.0.0.1:\(port)"],
                                 environment: environment)
        try await awaitReadiness(of: "OpenBao on port \(port)") { [child] in
            if let health = try? await call("GET", "sys/health", timeout: .seconds(2)), health.status == 200 { return true }
            return !child.isRunning
        }
        guard child.isRunning else { throw ProcessFailure("OpenBao exited: \(child.output)\(child.errorOutput)") }
        let mounted = try await call("POST", "sys/mounts/transit", ["type": "transit"])
        guard mounted.status == 204 else { throw ProcessFailure("OpenBao did not mount transit: \(mounted.body)\n\(child.output)\(child.errorOutput)") }
    }

    deinit { stop() }

    func stop() {
        child.signal(SIGKILL)
        _ = child.waitForExit()
        try? FileManager.default.removeItem(atPath: home)
    }

    /// `method` on `/v1/<path>` with the root token.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: Any? = nil, timeout: TimeAmount = .seconds(10)) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: "\(url)/v1/\(path)")
        request.method = .init(rawValue: method)
        request.headers.add(name: "X-Vault-Token", value: Self.token)
        if let body { request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: body))) }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }
}
