import ArgumentParser
import Foundation
import SextantAPI
import SextantCore

/// `sextant components list|get|delete`.
public struct ComponentsCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "components",
        abstract: "List, show and delete registered components.",
        subcommands: [List.self, Get.self, Delete.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List components, all pages.")

        @OptionGroup var options: ClientOptions
        @Option(help: "Only this owner's components.") var owner: String?
        @Option(help: "Only components of this tier (1-4).") var tier: Int?
        @Option(help: "Only components with this label, as key=value (repeatable).") var label: [String] = []

        func run() async throws {
            try await reportingClientErrors {
                var query: [(String, String)] = []
                if let owner { query.append(("owner", owner)) }
                if let tier { query.append(("tier", String(tier))) }
                query += label.map { ("label", $0) }
                var items: [Component] = []
                var cursor: String?
                repeat {
                    let page = try await options.client.json(
                        ComponentList.self, .GET, "/api/v1/components", query: query + [("limit", "500")] + (cursor.map { [("cursor", $0)] } ?? [])
                    )
                    items += page.items.map(\.definition)
                    cursor = page.nextCursor
                } while cursor != nil
                switch options.output {
                case .json:
                    printJSON(try JSONEncoder().encode(items.map(\.name)))
                case .table:
                    var table = Table("NAME", "OWNER", "TIER", "LIFECYCLE", "VERSION", "DEPENDENCIES")
                    for item in items {
                        table.add(item.name, item.owner, String(item.tier), item.lifecycle.rawValue, item.version ?? "-",
                                  item.dependencies.map(\.name).joined(separator: ", "))
                    }
                    print(table.rendered)
                    print("\(items.count) component\(items.count == 1 ? "" : "s")")
                }
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one component.")

        @OptionGroup var options: ClientOptions
        @Argument(help: "The component's name.") var name: String

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.GET, "/api/v1/components/\(name.addingPathEscapes)")
                if options.output == .json { return printJSON(answer.body) }
                let answered = try JSONDecoder.api.decode(ComponentView.self, from: answer.body)
                let view = answered.definition
                var details = Table("FIELD", "VALUE")
                details.add("name", view.name)
                details.add("version", view.version ?? "-")
                details.add("owner", view.owner)
                details.add("tier", String(view.tier))
                details.add("lifecycle", view.lifecycle.rawValue)
                details.add("health", view.healthEndpoint ?? "-")
                details.add("metrics", view.metricsEndpoint ?? "-")
                details.add("labels", view.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
                details.add("updated", ISO8601DateFormatter().string(from: answered.updatedAt))
                print(details.rendered)
                guard !view.dependencies.isEmpty else { return }
                print("")
                var dependencies = Table("DEPENDENCY", "TYPE", "CRITICAL", "FALLBACK")
                for dependency in view.dependencies {
                    dependencies.add(dependency.name, dependency.type.rawValue, dependency.isCritical ? "yes" : "no",
                                     dependency.hasFallback ? "yes" : "no")
                }
                print(dependencies.rendered)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a component.")

        @OptionGroup var options: ClientOptions
        @Argument(help: "The component's name.") var name: String

        func run() async throws {
            try await reportingClientErrors {
                _ = try await options.client.send(.DELETE, "/api/v1/components/\(name.addingPathEscapes)")
                if options.output == .json {
                    printJSON(try JSONEncoder().encode(["deleted": name]))
                } else {
                    print("deleted component \(name)")
                }
            }
        }
    }
}

extension String {
    /// The string escaped for use as one path segment.
    var addingPathEscapes: String {
        addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? self
    }
}
