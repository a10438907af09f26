#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SextantTestSupport
import NIOCore
import AsyncHTTPClient
import Testing
import SextantCore
import SextantWire

/// A real Prometheus 2.42 on loopback, scraping `targets` every second, and requiring basic
/// authentication (user `sextant`, password `test-secret`).
final class PrometheusProcess: @unchecked Sendable {
    private var child: ChildProcess?
    let port: Int
    let directory: String
    static let username = "sextant"
    static let password = "test-secret"
    /// bcrypt of `test-secret`, as Prometheus' web configuration wants it.
    static let passwordHash = "$2b$10$C92ELQwhsqKgljw4d7AyUOpjEAr6Pj2IiLQo0ueQK6l3HsphPuT/u"

    /// `extra` is appended to the configuration (rule files, alerting).
    init(binary: String, port: Int, directory: String, targets: [String], extra: String = "") throws {
        self.port = port
        self.directory = directory
        let configuration = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: sextant
                static_configs:
                  - targets: [\(targets.map { "'\($0)'" }.joined(separator: ", "))]
            """ + "\n" + extra
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try configuration.write(toFile: directory + "/prometheus.yml", atomically: true, encoding: .utf8)
        try "basic_auth_users:\n  \(Self.username): '\(Self.passwordHash)'\n".write(toFile: directory + "/web.yml", atomically: true, encoding: .utf8)
        child = try ChildProcess(binary, ["--config.file=\(directory)/prometheus.yml", "--storage.tsdb.path=\(directory)/data",
                                          "--web.listen-address=127.0.0.1:\(port)", "--web.config.file=\(directory)/web.yml",
                                          "--rules.alert.resend-delay=1s"], environment: ProcessInfo.processInfo.environment)
    }

    var url: String { "http://127.0.0.1:\(port)" }

    func waitUntilReady() async throws {
        // Without credentials a running Prometheus answers 401.
        try await awaitReadiness(of: "Prometheus on \(url)") {
            guard let status = (try? await httpGet("\(url)/-/ready", timeout: .seconds(2)))?.status else { return false }
            return status == 200 || status == 401
        }
    }

    func stop() {
        guard let child, child.isRunning else { return }
        child.signal(SIGTERM)
        child.waitForExit()
    }
}
