import ArgumentParser
import Foundation
import SextantAPI
import SextantCore

/// `sextant check`: probes every component's health endpoint now and prints the table, then the
/// store's size, the room left in the data directory and each configured peer's answer; exits 0
/// only when everything is healthy, and within 30 s whatever hangs.
public struct CheckCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Probe every component, the store, the disk and the configured peers; exit 0 only when all are healthy.",
        discussion: "Finishes within 30 s (--deadline) whatever hangs; what did not answer by then is reported as such."
    )

    @OptionGroup var options: ClientOptions
    @Option(help: "Seconds the whole check may take (1–300).") var deadline: Int = 30

    public func run() async throws {
        var healthy = false
        try await reportingClientErrors {
            guard (1...300).contains(deadline) else { throw ClientError("--deadline must be between 1 and 300 seconds, not \(deadline)") }
            let client = options.client
            let (components, operations) = try await Self.withDeadline(.seconds(deadline)) {
                async let components = client.send(.POST, "/api/v1/health-checks/run")
                async let operations = client.send(.GET, "/api/v1/check")
                return (try await components, try await operations)
            }
            let checks = try JSONDecoder.api.decode(HealthCheckList.self, from: components.body)
            let report = try JSONDecoder.api.decode(OperationalCheckResponse.self, from: operations.body)
            healthy = checks.healthy && report.isHealthy
            if options.output == .json {
                let components = (try? JSONSerialization.jsonObject(with: components.body)) ?? [:]
                let operations = (try? JSONSerialization.jsonObject(with: operations.body)) ?? [:]
                let both = try JSONSerialization.data(withJSONObject: ["components": components, "operations": operations, "healthy": healthy],
                                                      options: [.sortedKeys])
                return printJSON(both)
            }
            var table = Table("COMPONENT", "STATUS", "LATENCY", "REASON")
            for check in checks.checks {
                table.add(check.component, check.status.uppercased(), check.latencySeconds.map { String(format: "%.0fms", $0 * 1000) } ?? "-", check.reason)
            }
            print(checks.checks.isEmpty ? "no component has a health endpoint" : table.rendered)
            print("")
            let store = report.store
            print("store: \(store.engine), \(store.bytes.map(Self.bytes) ?? "size unknown")" + (store.problem.map { ", PROBLEM: \($0)" } ?? ""))
            let disk = report.dataDirectory
            print("data directory \(disk.path): \(disk.freeBytes.map(Self.bytes) ?? "?") free of \(disk.totalBytes.map(Self.bytes) ?? "?") (\(disk.status.uppercased()))")
            if report.peers.isEmpty {
                print("peers: none configured")
            } else {
                var peers = Table("PEER", "URL", "STATUS", "LATENCY", "REASON")
                for peer in report.peers {
                    peers.add(peer.kind, peer.url, peer.healthy ? "UP" : peer.reachable ? "UNHEALTHY" : "UNREACHABLE",
                              peer.latencySeconds.map { String(format: "%.0fms", $0 * 1000) } ?? "-", peer.reason ?? "")
                }
                print(peers.rendered)
            }
        }
        if !healthy { throw ExitCode(1) }
    }

    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// `body`'s result, or a ``ClientError`` once `limit` has passed (the work is cancelled).
    static func withDeadline<Result: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw ClientError("no complete answer within \(limit.components.seconds) s")
            }
            return result
        }
    }
}
