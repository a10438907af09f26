import ArgumentParser
import Foundation
import SextantAPI

/// `sextant audit …`: read and verify the audit trail.
public struct AuditCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read and verify the audit trail.", subcommands: [Verify.self, List.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit trail's chain; exits 1 naming the first broken record's sequence number."
        )

        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.GET, "/api/v1/audit/verify")
                if options.output == .json { printJSON(answer.body) }
                let verification = try JSONDecoder.api.decode(AuditVerification.self, from: answer.body)
                if let broken = verification.firstBroken {
                    if options.output != .json { print("the audit trail is broken at record \(broken)") }
                    throw ExitCode(1)
                }
                if options.output != .json { print("the audit trail is intact") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List audit records, oldest first.")

        @OptionGroup var options: ClientOptions
        @Option(help: "A key's id or name.") var actor: String?
        @Option(help: "create, update, delete, read, or a route's verb.") var action: String?
        @Option(help: "Records from this time (RFC 3339).") var since: String?
        @Option(help: "At most this many records (1–1000).") var limit = 100

        func run() async throws {
            try await reportingClientErrors {
                var query = [("limit", String(limit))]
                if let actor { query.append(("actor", actor)) }
                if let action { query.append(("action", action)) }
                if let since { query.append(("since", since)) }
                let answer = try await options.client.send(.GET, "/api/v1/audit", query: query)
                if options.output == .json { return printJSON(answer.body) }
                var table = Table("SEQ", "TIME", "KEY", "ROLE", "METHOD", "RESOURCE", "ACTION", "OUTCOME", "STATUS")
                for record in try JSONDecoder.api.decode(AuditList.self, from: answer.body).records {
                    table.add(String(record.sequence), record.time.formatted(.iso8601), record.keyName ?? "-", record.role?.rawValue ?? "-",
                              record.method, record.resource, record.action, record.outcome.rawValue, String(record.status))
                }
                print(table.rendered)
            }
        }
    }
}
