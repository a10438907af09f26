#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import SextantWire
import Synchronization

/// A `sextant serve` child process on a free port with a throwaway data directory.
final class ServerUnderTest {
    let process = Process()
    let port: Int
    let directory: String

    init(binary: String?, databaseURL: String?, arguments: [String] = []) throws {
        let executable = binary ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("sextant").path
        directory = NSTemporaryDirectory() + "sextant-bench-" + UUID().uuidString
        port = Self.freePort()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--port", String(port), "--data-dir", directory, "--log-level", "warning",
                             "--admin-key-file", BenchKey.file]
            + (databaseURL.map { ["--database-url", $0] } ?? []) + arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Any other program, on `port`, measured the same way.
    init(executable: String, arguments: [String], port: Int, directory: String) throws {
        self.port = port
        self.directory = directory
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func waitUntilHealthy(path: String = "/health") async throws {
        for _ in 0..<200 {
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(2)),
               response.status == .ok {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ValidationError("the server did not become healthy")
    }

    /// VmHWM from /proc: the most resident memory the server ever used.
    func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
        }
        return 0
    }

    /// VmRSS from /proc: the resident memory the server uses now.
    func currentResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
        }
        return 0
    }

    /// User and system CPU seconds the server used.
    func cpuSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / ticks
    }

    /// The server's unlabelled metric values from `/metrics`.
    func metrics() async throws -> [String: Double] {
        let response = try await HTTPClient.shared.execute(keyedRequest("http://127.0.0.1:\(port)/metrics"), timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 16 << 20))
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count >= 2, !parts[0].contains("{"), let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }

    func stop() {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func freePort() -> Int { LoopbackPort.unused() }
}
