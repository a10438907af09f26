import ArgumentParser
import Foundation
import SextantAPI
import SextantCore

/// `sextant check`: probes every component's health endpoint now and prints the table;
/// exits 0 only when everything is healthy.
public struct CheckCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Probe every component's health endpoint; exit 0 only when all are up."
    )

    @OptionGroup var options: ClientOptions

    public func run() async throws {
        var healthy = false
        try await reportingClientErrors {
            let answer = try await options.client.send(.POST, "/api/v1/health-checks/run")
            let checks = try JSONDecoder.api.decode(HealthCheckList.self, from: answer.body)
            healthy = checks.healthy
            if options.output == .json { return printJSON(answer.body) }
            var table = Table("COMPONENT", "STATUS", "LATENCY", "REASON")
            for check in checks.checks {
                table.add(check.component, check.status.uppercased(), check.latencySeconds.map { String(format: "%.0fms", $0 * 1000) } ?? "-", check.reason)
            }
            print(checks.checks.isEmpty ? "no component has a health endpoint" : table.rendered)
        }
        if !healthy { throw ExitCode(1) }
    }
}
