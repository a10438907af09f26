import ArgumentParser
import Foundation
import SextantAPI
import SextantCore

/// `sextant silence …`: create, list and expire silences.
public struct SilenceCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "silence", abstract: "Manage silences.", subcommands: [Add.self, List.self, Expire.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Silence alerts matching every matcher (name=value, !=, =~, !~).")

        @OptionGroup var options: ClientOptions
        @Argument(help: "Matchers, such as alertname=HighLatency service=~\"api-.*\".") var matchers: [String]
        @Option(help: "How long the silence lasts (default 1h).") var duration = "1h"
        @Option(help: "Who silences.") var author = ProcessInfo.processInfo.environment["USER"] ?? "sextant"
        @Option(help: "Why.") var comment: String

        func run() async throws {
            try await reportingClientErrors {
                guard let seconds = DurationText.seconds(duration), seconds > 0 else { throw ClientError("--duration must be a duration such as 2h") }
                let parsed: [LabelMatcher]
                do {
                    parsed = try matchers.flatMap { try LabelMatcher.parseList($0) }
                } catch let error as SextantCore.ValidationError {
                    throw ClientError(error.message)
                }
                let body = SilenceRequest(matchers: parsed, endsAt: Date().addingTimeInterval(seconds), createdBy: author, comment: comment)
                let answer = try await options.client.send(.POST, "/api/v1/silences", body: try JSONEncoder().encode(body))
                if options.output == .json { return printJSON(answer.body) }
                print(try JSONDecoder.api.decode(SilenceCreated.self, from: answer.body).silenceID)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List silences.")

        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.GET, "/api/v1/silences")
                if options.output == .json { return printJSON(answer.body) }
                var table = Table("ID", "STATE", "MATCHERS", "ENDS", "CREATED BY", "COMMENT")
                for item in try JSONDecoder.api.decode(SilenceList.self, from: answer.body).silences {
                    let matchers = item.matchers.map { "\($0.name)\($0.kind.rawValue)\($0.value)" }
                    table.add(item.id, item.status.state, matchers.joined(separator: " "), item.endsAt.formatted(.iso8601), item.createdBy, item.comment)
                }
                print(table.rendered)
            }
        }
    }

    struct Expire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Expire silences by id.")

        @OptionGroup var options: ClientOptions
        @Argument var ids: [String]

        func run() async throws {
            try await reportingClientErrors {
                for id in ids { _ = try await options.client.send(.DELETE, "/api/v1/silences/\(id)") }
            }
        }
    }
}
