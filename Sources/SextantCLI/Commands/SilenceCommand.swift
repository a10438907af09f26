import ArgumentParser
import Foundation
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
                let endsAt = Date().addingTimeInterval(seconds).formatted(.iso8601)
                let body: [String: Any] = ["matchers": matchers, "endsAt": endsAt, "createdBy": author, "comment": comment]
                let answer = try await options.client.send(.POST, "/api/v1/silences", body: try JSONSerialization.data(withJSONObject: body))
                if options.output == .json { return printJSON(answer.body) }
                print((try JSONDecoder.api.decode([String: String].self, from: answer.body))["silenceID"] ?? "")
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
                struct Item: Decodable {
                    struct Matcher: Decodable { let name, value: String; let isRegex, isEqual: Bool }
                    struct Status: Decodable { let state: String }
                    let id, createdBy, comment: String
                    let endsAt: Date
                    let matchers: [Matcher]
                    let status: Status
                }
                var table = Table("ID", "STATE", "MATCHERS", "ENDS", "CREATED BY", "COMMENT")
                for item in try JSONDecoder.api.decode([String: [Item]].self, from: answer.body)["silences"] ?? [] {
                    let matchers = item.matchers.map { "\($0.name)\($0.isEqual ? "=" : "!")\($0.isRegex ? "~" : ($0.isEqual ? "" : "="))\($0.value)" }
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
