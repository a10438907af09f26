import ArgumentParser
import Foundation
import SextantAPI

/// `sextant env …`: the environments configuration and secrets live in.
public struct EnvCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "env", abstract: "Create and list environments.", subcommands: [Create.self, List.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an environment (admin).")
        @OptionGroup var options: ClientOptions
        @Argument var name: String
        @Flag(help: "Values change only by promotion, or by an admin.") var protected = false
        @Option(help: "What it is for.") var description: String?

        func run() async throws {
            try await reportingClientErrors {
                let body = try JSONEncoder().encode(EnvironmentRequest(name: name, protected: protected, description: description))
                let view = try await options.client.json(EnvironmentView.self, .POST, "/api/v1/environments", body: body)
                print("\(view.name)\(view.protected ? " (protected)" : "")")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the environments.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.GET, "/api/v1/environments")
                if options.output == .json { return printJSON(answer.body) }
                var table = Table("NAME", "PROTECTED", "CREATED BY", "DESCRIPTION")
                for environment in try JSONDecoder.api.decode(EnvironmentList.self, from: answer.body).environments {
                    table.add(environment.name, environment.protected ? "yes" : "no", environment.createdBy, environment.description ?? "")
                }
                print(table.rendered)
            }
        }
    }
}
