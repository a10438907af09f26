import ArgumentParser
import Foundation
import SextantAPI
import SextantCore

/// `sextant config …`: versioned configuration per environment. Values come from a file or
/// standard input, never from the command line.
public struct ConfigCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Read, write, promote, import and export configuration.",
        subcommands: [Get.self, Set.self, Delete.self, History.self, Promote.self, Import.self, Export.self]
    )

    static func path(_ key: String) -> String { "/api/v1/configuration/\(key)" }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a key's value (JSON).")
        @OptionGroup var options: ClientOptions
        @Argument var key: String
        @Option(name: .shortAndLong) var environment: String
        @Option var version: Int?
        @Flag(help: "Inline the secrets it references (read-secrets permission).") var resolve = false

        func run() async throws {
            try await reportingClientErrors {
                var query = [("environment", environment)]
                if let version { query.append(("version", String(version))) }
                if resolve { query.append(("resolve", "true")) }
                let answer = try await options.client.send(.GET, ConfigCommand.path(key), query: query)
                if options.output == .json { return printJSON(answer.body) }
                let view = try JSONDecoder.api.decode(ConfigValueView.self, from: answer.body)
                print(view.value?.canonicalText ?? "(deleted at version \(view.version))")
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a key's next version from a file or standard input (JSON).")
        @OptionGroup var options: ClientOptions
        @Argument var key: String
        @Option(name: .shortAndLong) var environment: String
        @Option(name: .shortAndLong, help: "The value (JSON); - reads standard input.") var file: String
        @Option(help: "Only if the newest version is this one (0: the key has none yet).") var ifMatch: Int?

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.PUT, ConfigCommand.path(key), query: [("environment", environment)], body: try readInput(file),
                                                           headers: ifMatch.map { [("If-Match", "\"\($0)\"")] } ?? [])
                let view = try JSONDecoder.api.decode(ConfigValueView.self, from: answer.body)
                print("\(key): version \(view.version)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a key (a tombstone version; the history stays).")
        @OptionGroup var options: ClientOptions
        @Argument var key: String
        @Option(name: .shortAndLong) var environment: String
        @Option(help: "Only if the newest version is this one.") var ifMatch: Int?

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.DELETE, ConfigCommand.path(key), query: [("environment", environment)],
                                                           headers: ifMatch.map { [("If-Match", "\"\($0)\"")] } ?? [])
                print("\(key): deleted at version \(try JSONDecoder.api.decode(ConfigValueView.self, from: answer.body).version)")
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A key's versions, newest first.")
        @OptionGroup var options: ClientOptions
        @Argument var key: String
        @Option(name: .shortAndLong) var environment: String

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.GET, ConfigCommand.path(key) + "/versions", query: [("environment", environment)])
                if options.output == .json { return printJSON(answer.body) }
                var table = Table("VERSION", "AT", "BY", "FROM", "VALUE")
                for version in try JSONDecoder.api.decode(ConfigVersionList.self, from: answer.body).versions {
                    table.add(String(version.version), version.createdAt.formatted(.iso8601), version.createdBy, version.promotedFrom ?? "",
                              version.value.map { String($0.canonicalText.prefix(60)) } ?? "(deleted)")
                }
                print(table.rendered)
            }
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy a key's value from one environment to another.")
        @OptionGroup var options: ClientOptions
        @Argument var key: String
        @Option var from: String
        @Option var to: String
        @Option(help: "The version to copy (default the newest).") var version: Int?

        func run() async throws {
            try await reportingClientErrors {
                let body = try JSONEncoder().encode(PromoteRequest(from: from, to: to, version: version))
                let view = try await options.client.json(ConfigValueView.self, .POST, ConfigCommand.path(key) + "/promote", body: body)
                print("\(key): \(view.promotedFrom ?? from) → \(to) version \(view.version)")
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write DIR/<environment>/<file>.json: each top-level member of <file>.json becomes the key <file>.<member>, its value whole."
        )
        @OptionGroup var options: ClientOptions
        @Argument var directory: String
        @Option(name: .shortAndLong, help: "Only this environment's directory.") var environment: String?

        func run() async throws {
            try await reportingClientErrors {
                let files = FileManager.default
                let environments = try environment.map { [$0] } ?? files.contentsOfDirectory(atPath: directory).sorted().filter { name in
                    var isDirectory: ObjCBool = false
                    return files.fileExists(atPath: "\(directory)/\(name)", isDirectory: &isDirectory) && isDirectory.boolValue
                }
                for environment in environments {
                    for file in try files.contentsOfDirectory(atPath: "\(directory)/\(environment)").sorted() where file.hasSuffix(".json") {
                        let path = "\(directory)/\(environment)/\(file)"
                        guard let content = JSONValue.parse(Array(try readInput(path))) else { throw ClientError("\(path) is not JSON") }
                        let keys: [(key: String, value: JSONValue)]
                        do {
                            keys = try ConfigLayout.keys(ofFile: String(file.dropLast(5)), content: content)
                        } catch let error as SextantCore.ValidationError {
                            throw ClientError("\(path): \(error.message)")
                        }
                        for (key, value) in keys {
                            let current = try? await options.client.json(ConfigValueView.self, .GET, ConfigCommand.path(key), query: [("environment", environment)])
                            if current?.value == value {
                                print("unchanged: \(environment) \(key)")
                                continue
                            }
                            let answer = try await options.client.send(.PUT, ConfigCommand.path(key), query: [("environment", environment)],
                                                                       body: Data(value.canonicalText.utf8))
                            let view = try JSONDecoder.api.decode(ConfigValueView.self, from: answer.body)
                            print("\(current == nil ? "created" : "updated"): \(environment) \(key) version \(view.version)")
                        }
                    }
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write each environment's keys to DIR/<environment>/<file>.json (the layout import reads).")
        @OptionGroup var options: ClientOptions
        @Argument var directory: String
        @Option(name: .shortAndLong, help: "Only this environment (default every one).") var environment: String?

        func run() async throws {
            try await reportingClientErrors {
                var environments = environment.map { [$0] } ?? []
                if environment == nil {
                    environments = try await options.client.json(EnvironmentList.self, .GET, "/api/v1/environments").environments.map(\.name)
                }
                for environment in environments {
                    let list = try await options.client.json(ConfigList.self, .GET, "/api/v1/configuration",
                                                             query: [("environment", environment), ("limit", "10000")])
                    let (files, withoutFile) = ConfigLayout.files(of: list.values.compactMap { view in view.value.map { (view.key, $0) } })
                    try FileManager.default.createDirectory(atPath: "\(directory)/\(environment)", withIntermediateDirectories: true)
                    for (name, content) in files.sorted(by: { $0.key < $1.key }) {
                        let data = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(content.canonicalText.utf8)),
                                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                        try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: "\(directory)/\(environment)/\(name).json"))
                        print("wrote \(environment)/\(name).json")
                    }
                    for key in withoutFile {
                        FileHandle.standardError.write(Data("sextant: \(environment) \(key) has no '.', so no file holds it; not exported\n".utf8))
                    }
                }
            }
        }
    }
}
