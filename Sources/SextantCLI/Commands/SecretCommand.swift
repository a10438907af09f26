import ArgumentParser
import Foundation
import SextantAPI

/// `sextant secret …`: secrets per environment and the keys that wrap them. A value comes from a
/// file or standard input, never from the command line (it would stay in the shell's history).
public struct SecretCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "secret", abstract: "Store, read and delete secrets; rotate, rewrap and retire their keys.",
        subcommands: [Put.self, Get.self, List.self, Delete.self, Undelete.self, RotateKey.self, Rewrap.self, RetireKeys.self]
    )

    static func path(_ environment: String, _ path: String) -> String { "/api/v1/secrets/\(environment)/\(path)" }

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a secret's next version from a file or standard input (one trailing newline dropped).")
        @OptionGroup var options: ClientOptions
        @Argument var environment: String
        @Argument var path: String
        @Option(name: .shortAndLong, help: "The file holding the value; - (default) reads standard input.") var file: String = "-"
        @Option(help: "Only if the newest version is this one (0: none yet).") var ifMatch: Int?

        func run() async throws {
            try await reportingClientErrors {
                var value = String(decoding: try readInput(file), as: UTF8.self)
                if value.hasSuffix("\n") { value.removeLast() }
                let body = try JSONEncoder().encode(SecretPutRequest(value: value))
                let answer = try await options.client.send(.PUT, SecretCommand.path(environment, path), body: body,
                                                           headers: ifMatch.map { [("If-Match", "\"\($0)\"")] } ?? [])
                print("\(environment)/\(path): version \(try JSONDecoder.api.decode(SecretView.self, from: answer.body).currentVersion)")
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a secret's versions; with --reveal, print its value (read-secrets, audited).")
        @OptionGroup var options: ClientOptions
        @Argument var environment: String
        @Argument var path: String
        @Flag var reveal = false
        @Option var version: Int?

        func run() async throws {
            try await reportingClientErrors {
                var query: [(String, String)] = []
                if reveal { query.append(("reveal", "true")) }
                if let version { query.append(("version", String(version))) }
                let answer = try await options.client.send(.GET, SecretCommand.path(environment, path), query: query)
                if options.output == .json { return printJSON(answer.body) }
                let view = try JSONDecoder.api.decode(SecretView.self, from: answer.body)
                if let value = view.value { return print(value) }
                var table = Table("VERSION", "AT", "BY", "KEY VERSION", "STATE")
                for version in view.versions {
                    table.add(String(version.version), version.createdAt.formatted(.iso8601), version.createdBy, String(version.keyVersion),
                              version.destroyed ? "destroyed" : version.deletedAt != nil ? "deleted" : "")
                }
                print(table.rendered)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an environment's secrets (metadata only).")
        @OptionGroup var options: ClientOptions
        @Argument var environment: String
        @Option var prefix: String?

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.GET, "/api/v1/secrets/\(environment)", query: prefix.map { [("prefix", $0)] } ?? [])
                if options.output == .json { return printJSON(answer.body) }
                var table = Table("PATH", "VERSION", "AT", "BY")
                for secret in try JSONDecoder.api.decode(SecretList.self, from: answer.body).secrets {
                    table.add(secret.path, String(secret.currentVersion), secret.versions.first?.createdAt.formatted(.iso8601) ?? "", secret.versions.first?.createdBy ?? "")
                }
                print(table.rendered)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the newest version (or --versions), or destroy them for good.")
        @OptionGroup var options: ClientOptions
        @Argument var environment: String
        @Argument var path: String
        @Option(help: "Versions, comma-separated.") var versions: String?
        @Flag var destroy = false

        func run() async throws {
            try await reportingClientErrors {
                var query: [(String, String)] = []
                if let versions { query.append(("versions", versions)) }
                if destroy { query.append(("destroy", "true")) }
                _ = try await options.client.send(.DELETE, SecretCommand.path(environment, path), query: query)
                print("\(environment)/\(path): \(destroy ? "destroyed" : "deleted")")
            }
        }
    }

    struct Undelete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bring soft-deleted versions back.")
        @OptionGroup var options: ClientOptions
        @Argument var environment: String
        @Argument var path: String
        @Option(help: "Versions, comma-separated.") var versions: String

        func run() async throws {
            try await reportingClientErrors {
                let numbers = try versions.split(separator: ",").map { text -> Int in
                    guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else { throw ClientError("\(text) is not a version number") }
                    return number
                }
                let body = try JSONEncoder().encode(SecretUndeleteRequest(undelete: numbers))
                _ = try await options.client.send(.POST, SecretCommand.path(environment, path), body: body)
                print("\(environment)/\(path): undeleted \(numbers.map(String.init).joined(separator: ", "))")
            }
        }
    }

    struct RotateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rotate-key", abstract: "Add a key-encryption key version; new writes use it.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingClientErrors {
                let view = try await options.client.json(KeyringView.self, .POST, "/api/v1/keyring/rotate")
                print("key version \(view.latestVersion ?? 0) (\(view.source))")
            }
        }
    }

    struct Rewrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Wrap every data key with the newest key version, without decrypting a value.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingClientErrors {
                let view = try await options.client.json(KeyringView.self, .POST, "/api/v1/keyring/rewrap")
                print("rewrapped \(view.rewrapped ?? 0) data keys under key version \(view.latestVersion ?? 0)")
            }
        }
    }

    struct RetireKeys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retire-keys", abstract: "Set the minimum decryption version: older key versions are retired.")
        @OptionGroup var options: ClientOptions
        @Option var below: Int
        @Flag(help: "Even while data keys are still wrapped by them (those secrets can no longer be read).") var force = false

        func run() async throws {
            try await reportingClientErrors {
                let body = try JSONEncoder().encode(KeyringRequest(minimumDecryptionVersion: below, force: force))
                let view = try await options.client.json(KeyringView.self, .PUT, "/api/v1/keyring", body: body)
                print("minimum decryption version \(view.minimumDecryptionVersion ?? 0); key versions \(view.versions.map(String.init).joined(separator: ", "))")
            }
        }
    }
}
