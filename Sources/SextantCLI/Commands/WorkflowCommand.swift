import ArgumentParser
import Foundation
import SextantAPI
import SextantCore

/// `sextant workflow …`: submit, follow and cancel workflows.
public struct WorkflowCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "workflow", abstract: "Release several services as one workflow.", subcommands: [Submit.self, Status.self, Approve.self, Cancel.self]
    )

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit a workflow from a document (YAML or JSON).")
        @OptionGroup var options: ClientOptions
        @Option(name: .shortAndLong, help: "The workflow (YAML or JSON); - reads standard input.") var file: String

        func run() async throws {
            try await reportingClientErrors {
                let contentType = documentContentType(of: file)
                let answer = try await options.client.send(.POST, "/api/v1/orchestration/workflows", body: try readInput(file), contentType: contentType)
                if options.output == .json { return printJSON(answer.body) }
                print(try JSONDecoder.api.decode(WorkflowView.self, from: answer.body).id)
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a workflow's steps.")
        @OptionGroup var options: ClientOptions
        @Argument var id: String
        @Flag(help: "Follow it until it ends, printing each change.") var watch = false

        func run() async throws {
            try await reportingClientErrors {
                var shown = 0
                while true {
                    let answer = try await options.client.send(.GET, "/api/v1/orchestration/workflows/\(id)")
                    if options.output == .json && !watch { return printJSON(answer.body) }
                    let view = try JSONDecoder.api.decode(WorkflowView.self, from: answer.body)
                    if watch {
                        for event in view.events.dropFirst(shown) { print("\(event.at.formatted(.iso8601))  \(event.message)") }
                        shown = view.events.count
                    }
                    let finished = !["pending", "running"].contains(view.phase)
                    if !watch || finished {
                        var table = Table("STEP", "KIND", "PHASE", "DEPENDS ON", "DEPLOYMENT", "WAITING FOR")
                        for step in view.steps {
                            table.add(step.name, step.kind, step.phase, step.dependsOn.joined(separator: ","), step.deployment ?? "", step.waiting ?? "")
                        }
                        print(table.rendered)
                        print("\(view.name): \(view.phase)" + (view.reason.map { " (\($0))" } ?? ""))
                        return
                    }
                    try await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a workflow's waiting approval step.")
        @OptionGroup var options: ClientOptions
        @Argument var id: String
        @Argument var step: String

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.POST, "/api/v1/orchestration/workflows/\(id)/steps/\(step)/approve")
                if options.output == .json { return printJSON(answer.body) }
                let view = try JSONDecoder.api.decode(WorkflowView.self, from: answer.body)
                print("\(view.id): step \(step) \(view.steps.first { $0.name == step }?.phase ?? "?")")
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a workflow: what runs stops; with onCancel: rollback, what it released goes back.")
        @OptionGroup var options: ClientOptions
        @Argument var id: String

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.DELETE, "/api/v1/orchestration/workflows/\(id)")
                if options.output == .json { return printJSON(answer.body) }
                let view = try JSONDecoder.api.decode(WorkflowView.self, from: answer.body)
                print("\(view.id): \(view.phase)")
            }
        }
    }
}
