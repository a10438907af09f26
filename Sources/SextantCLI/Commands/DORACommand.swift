import ArgumentParser
import Foundation
import SextantAPI
import SextantCore

/// `sextant dora`: DORA's four figures over a period.
public struct DORACommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "dora", abstract: "Show deployment frequency, lead time, change failure rate and recovery time."
    )

    @OptionGroup var options: ClientOptions
    @Option(help: "Only this service's releases.") var service: String?
    @Option(help: "Only the releases of this owner's (team's) services.") var owner: String?
    @Option(help: "The start of the period (RFC 3339; default 30 days before --to).") var from: String?
    @Option(help: "The end of the period (RFC 3339; default now).") var to: String?

    public func run() async throws {
        try await reportingClientErrors {
            var query: [(String, String)] = []
            for (name, value) in [("service", service), ("owner", owner), ("from", from), ("to", to)] {
                if let value { query.append((name, value)) }
            }
            let answer = try await options.client.send(.GET, "/api/v1/dora", query: query)
            if options.output == .json { return printJSON(answer.body) }
            let figures = try JSONDecoder.api.decode(DORAResponse.self, from: answer.body)
            func tier(_ name: String) -> String { figures.tiers[name].map { " (\($0))" } ?? "" }
            func duration(_ seconds: Double?) -> String { seconds.map { DurationText.format(seconds: $0.rounded()) } ?? "none" }
            print("\(figures.from.formatted(.iso8601)) – \(figures.to.formatted(.iso8601))" + (figures.service.map { ", service \($0)" } ?? "")
                  + (figures.owner.map { ", owner \($0)" } ?? ""))
            var table = Table("FIGURE", "VALUE")
            table.add("deployment frequency", String(format: "%.2f a day, %d releases", figures.deploymentsPerDay, figures.deployments)
                + tier("deploymentFrequency"))
            table.add("lead time (median)", duration(figures.leadTimeSeconds) + tier("leadTime"))
            table.add("change failure rate", (figures.changeFailureRate.map { String(format: "%.1f %%", $0 * 100) } ?? "none")
                + " (\(figures.failedChanges) failed)" + tier("changeFailureRate"))
            table.add("recovery time (median)", duration(figures.recoverySeconds) + tier("recoveryTime"))
            print(table.rendered)
            print("tiers: \(figures.tiersEdition)")
        }
    }
}
