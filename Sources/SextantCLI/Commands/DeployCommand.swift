import ArgumentParser
import Foundation
import SextantAPI
import SextantCore

/// `sextant deploy …`: create, list, follow and act on deployments.
public struct DeployCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "deploy", abstract: "Release new versions: canary, blue-green, or recorded.",
        subcommands: [Create.self, List.self, Status.self, Promote.self, Pause.self, Resume.self, Abort.self, Rollback.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a deployment from a document (YAML or JSON).")

        @OptionGroup var options: ClientOptions
        @Option(name: .shortAndLong, help: "The deployment (YAML or JSON); - reads standard input.") var file: String

        func run() async throws {
            try await reportingClientErrors {
                let contentType = documentContentType(of: file)
                let answer = try await options.client.send(.POST, "/api/v1/deployments", body: try readInput(file), contentType: contentType)
                if options.output == .json { return printJSON(answer.body) }
                print(try JSONDecoder.api.decode(DeploymentView.self, from: answer.body).id)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deployments, newest first.")

        @OptionGroup var options: ClientOptions
        @Option(help: "Only this service's.") var service: String?
        @Option(help: "Only those in this phase.") var phase: String?

        func run() async throws {
            try await reportingClientErrors {
                var query: [(String, String)] = []
                if let service { query.append(("service", service)) }
                if let phase { query.append(("phase", phase)) }
                let answer = try await options.client.send(.GET, "/api/v1/deployments", query: query)
                if options.output == .json { return printJSON(answer.body) }
                var table = Table("ID", "SERVICE", "VERSION", "STRATEGY", "PHASE", "WEIGHT", "CREATED", "REASON")
                for item in try JSONDecoder.api.decode(DeploymentList.self, from: answer.body).deployments {
                    table.add(item.id, item.service, item.version, item.strategy, DeployCommand.phase(of: item), "\(item.weight)%",
                              item.createdAt.formatted(.iso8601), item.reason ?? "")
                }
                print(table.rendered)
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a deployment: its step, weight, events and measurements.")

        @OptionGroup var options: ClientOptions
        @Argument var id: String
        @Flag(help: "Follow it: print each new event and measurement as it arrives, until it ends.") var watch = false

        func run() async throws {
            try await reportingClientErrors {
                var shownEvents = 0
                var shownMeasurements = 0
                while true {
                    let answer = try await options.client.send(.GET, "/api/v1/deployments/\(id)")
                    if options.output == .json && !watch { return printJSON(answer.body) }
                    let view = try JSONDecoder.api.decode(DeploymentView.self, from: answer.body)
                    if shownEvents == 0 && shownMeasurements == 0 {
                        print("\(view.service) \(view.stableVersion ?? "?") → \(view.version) (\(view.strategy)), deployment \(view.id)")
                    }
                    let events = view.events ?? []
                    for event in events.dropFirst(shownEvents) {
                        print("\(event.at.formatted(.iso8601))  \(event.message)")
                    }
                    let measurements = view.measurements ?? []
                    for measurement in measurements.dropFirst(shownMeasurements) {
                        let value = measurement.value.map { String(format: "%.4g", $0) } ?? "no value"
                        print("\(measurement.at.formatted(.iso8601))    \(measurement.analysis)/\(measurement.metric) = \(value): \(measurement.phase)"
                              + (measurement.message.map { " (\($0))" } ?? ""))
                    }
                    shownEvents = events.count
                    shownMeasurements = measurements.count
                    let bar = String(repeating: "█", count: view.weight / 5) + String(repeating: "░", count: 20 - view.weight / 5)
                    let status = "step \(min(view.step + 1, max(view.stepCount, 1)))/\(max(view.stepCount, 1))  \(bar) \(view.weight)%  "
                        + DeployCommand.phase(of: view) + (view.reason.map { ": \($0)" } ?? "")
                    let finished = view.phase == "succeeded" || view.phase == "failed" || view.rolledBack
                    if !watch || finished {
                        print(status)
                        return
                    }
                    if events.count > 0 || measurements.count > 0 { FileHandle.standardError.write(Data("\(status)\r".utf8)) }
                    try await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Skip the current pause (--full: every remaining step).")

        @OptionGroup var options: ClientOptions
        @Argument var id: String
        @Flag(help: "Skip every remaining step.") var full = false

        func run() async throws {
            try await DeployCommand.act(full ? "promoteFully" : "promote", on: id, options: options)
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a deployment where it stands.")
        @OptionGroup var options: ClientOptions
        @Argument var id: String

        func run() async throws { try await DeployCommand.act("pause", on: id, options: options) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused deployment.")
        @OptionGroup var options: ClientOptions
        @Argument var id: String

        func run() async throws { try await DeployCommand.act("resume", on: id, options: options) }
    }

    struct Abort: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Abort a deployment: traffic goes back to the stable version.")
        @OptionGroup var options: ClientOptions
        @Argument var id: String
        @Option(help: "Why.") var reason: String?

        func run() async throws { try await DeployCommand.act("abort", on: id, reason: reason, options: options) }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Roll a deployment back to the stable version, also after it succeeded.")
        @OptionGroup var options: ClientOptions
        @Argument var id: String

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.POST, "/api/v1/deployments/\(id)/rollback")
                try DeployCommand.summarize(answer.body, options: options)
            }
        }
    }

    static func act(_ action: String, on id: String, reason: String? = nil, options: ClientOptions) async throws {
        try await reportingClientErrors {
            let body = try JSONEncoder().encode(DeploymentActionRequest(action: action, reason: reason))
            let answer = try await options.client.send(.PUT, "/api/v1/deployments/\(id)", body: body, contentType: "application/json")
            try summarize(answer.body, options: options)
        }
    }

    static func summarize(_ body: Data, options: ClientOptions) throws {
        if options.output == .json { return printJSON(body) }
        let view = try JSONDecoder.api.decode(DeploymentView.self, from: body)
        print("\(view.id): \(phase(of: view)), weight \(view.weight)%" + (view.reason.map { " (\($0))" } ?? ""))
    }

    static func phase(of view: DeploymentView) -> String {
        view.rolledBack ? "rolled back" : view.phase
    }
}
