import ArgumentParser
import SextantAPI
import Foundation
import SextantAPI

/// `sextant catalog apply -f FILE`.
public struct CatalogCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Apply a whole catalog document.",
        subcommands: [Apply.self]
    )

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply a JSON or YAML catalog document atomically; applying it again changes nothing."
        )

        @OptionGroup var options: ClientOptions
        @Option(name: .shortAndLong, help: "The document (YAML or JSON); - reads standard input.") var file: String
        @Flag(help: "Also delete registered components the document does not list.") var prune = false
        @Flag(name: .customLong("dry-run"), help: "Only say what would change.") var dryRun = false

        func run() async throws {
            try await reportingClientErrors {
                let data = try readInput(file)
                let contentType = documentContentType(of: file)
                let answer = try await options.client.send(
                    .PUT, "/api/v1/catalog",
                    query: [("prune", String(prune)), ("dryRun", String(dryRun))],
                    body: data, contentType: contentType
                )
                if options.output == .json { return printJSON(answer.body) }
                let result = try JSONDecoder.api.decode(CatalogApplyResponse.self, from: answer.body)
                print("\(result.summary) (catalog revision \(result.revision))")
                for (verb, names) in [("created", result.created), ("updated", result.updated), ("deleted", result.deleted)] {
                    for name in names { print("  \(result.dryRun ? "would be " : "")\(verb): \(name)") }
                }
            }
        }
    }
}
