import ArgumentParser
import Foundation
import SextantAPI
import SextantCore

/// `sextant keys …`: create, list and revoke API keys.
public struct KeysCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys.", subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print it (shown this once).")

        @OptionGroup var options: ClientOptions
        @Option(help: "What the key is for.") var name: String
        @Option(help: "ingest, viewer, responder, operator or admin.") var role: String
        @Option(help: "The environment the key is limited to.") var environment: String?
        @Option(help: "How long the key lives, such as 90d.") var expiresIn: String?

        func run() async throws {
            try await reportingClientErrors {
                guard let role = Role(rawValue: role) else {
                    throw ClientError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let body = APIKeyRequest(name: name, role: role, environment: environment, expiresIn: expiresIn)
                let answer = try await options.client.send(.POST, "/api/v1/auth/keys", body: try JSONEncoder().encode(body))
                if options.output == .json { return printJSON(answer.body) }
                let created = try JSONDecoder.api.decode(APIKeyCreated.self, from: answer.body)
                print(created.key)
                FileHandle.standardError.write(Data("key \(created.details.id) (\(created.details.role.rawValue)): keep it now, it is not shown again\n".utf8))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")

        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.GET, "/api/v1/auth/keys")
                if options.output == .json { return printJSON(answer.body) }
                var table = Table("ID", "NAME", "ROLE", "STATE", "EXPIRES", "LAST USED", "CREATED BY")
                for key in try JSONDecoder.api.decode(APIKeyList.self, from: answer.body).keys {
                    table.add(key.id, key.name, key.role.rawValue, key.state, key.expiresAt?.formatted(.iso8601) ?? "never",
                              key.lastUsedAt?.formatted(.iso8601) ?? "-", key.createdBy)
                }
                print(table.rendered)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke keys by id.")

        @OptionGroup var options: ClientOptions
        @Argument var ids: [String]

        func run() async throws {
            try await reportingClientErrors {
                for id in ids { _ = try await options.client.send(.DELETE, "/api/v1/auth/keys/\(id)") }
            }
        }
    }
}
