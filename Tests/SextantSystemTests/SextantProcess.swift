#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import NIOCore
import SextantCore
import SextantTestSupport

/// The built `sextant` binary, run as a child process.
final class SextantProcess: @unchecked Sendable {
    private let child: ChildProcess

    /// The binary beside the test bundle.
    static var binary: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("sextant")
    }

    /// The environment without any `SEXTANT_*` setting but the test run's admin key (for
    /// `serve`, its first admin key; for the CLI, the key it sends), plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SEXTANT_") }
        environment["SEXTANT_ADMIN_KEY_FILE"] = TestAdminKey.file
        environment["SEXTANT_TOKEN"] = TestAdminKey.text
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Starts `sextant` with `arguments`.
    init(_ arguments: [String], environment: [String: String] = [:], workingDirectory: String? = nil) throws {
        child = try ChildProcess(Self.binary.path, arguments, environment: Self.environment(environment), directory: workingDirectory)
    }

    var output: String { child.output }
    var errorOutput: String { child.errorOutput }
    var isRunning: Bool { child.isRunning }
    var pid: Int32 { child.pid }

    /// The port the named listener reports in its `listening` log line.
    func port(of listener: String = "api", timeout: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for line in output.split(separator: "\n") where line.contains(#""msg":"listening""#) && line.contains(#""listener":"\#(listener)""#) {
                if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                   let port = (object["port"] as? String).flatMap(Int.init) {
                    return port
                }
            }
            guard child.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ProcessFailure("no '\(listener)' listening line; stdout:\n\(output)\nstderr:\n\(errorOutput)")
    }

    /// Sends a signal.
    func signal(_ signal: Int32) {
        child.signal(signal)
    }

    /// Waits for the process to end and returns its exit status.
    func exitStatus(timeout: Duration = .seconds(60)) async throws -> Int32 {
        do {
            return try await child.exitStatus(timeout: timeout)
        } catch {
            throw ProcessFailure("still running after \(timeout)")
        }
    }
}

/// Runs a CLI command to completion.
func runSextant(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String, error: String) {
    let process = try SextantProcess(arguments, environment: environment)
    let status = try await process.exitStatus()
    return (status, process.output, process.errorOutput)
}

/// The admin key every server the tests start makes its first (`--admin-key-file`), and every
/// request and command of the tests sends.
enum TestAdminKey {
    static let text: String = {
        var random = SystemRandomNumberGenerator()
        return APIKeyText.generate(using: &random).text
    }()

    static let file: String = {
        let path = NSTemporaryDirectory() + "sextant-test-admin-\(getpid()).key"
        FileManager.default.createFile(atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return path
    }()
}

/// A request to `url` that carries the test run's admin key.
func keyedRequest(_ url: String) -> HTTPClientRequest {
    var request = HTTPClientRequest(url: url)
    request.headers.add(name: "Authorization", value: "Bearer \(TestAdminKey.text)")
    return request
}

/// A GET over real HTTP, with the test run's admin key unless `key` says otherwise.
func httpGet(_ url: String, key: String? = TestAdminKey.text, timeout: TimeAmount = .seconds(10)) async throws -> (status: Int, body: String) {
    var request = HTTPClientRequest(url: url)
    if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
    let response = try await HTTPClient.shared.execute(request, timeout: timeout)
    let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
    return (Int(response.status.code), String(buffer: body))
}

/// A fresh, empty directory.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "sextant-cli-" + UUID().uuidString.lowercased()
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The repository's `examples/catalog.yaml`.
let exampleCatalogPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/catalog.yaml").path
