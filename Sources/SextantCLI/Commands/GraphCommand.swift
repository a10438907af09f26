import ArgumentParser
import SextantAPI
import Foundation
import SextantCore
import SextantAPI

/// `sextant graph show|impact|cycles`.
public struct GraphCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Show the dependency graph and what a failure takes down.",
        subcommands: [Show.self, Impact.self, Cycles.self, Drift.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the graph's edges, or the whole graph as Graphviz DOT.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, dot
        }

        @OptionGroup var options: ClientOptions
        @Option(help: "table or dot.") var format: Format = .table

        func run() async throws {
            try await reportingClientErrors {
                if format == .dot {
                    let answer = try await options.client.send(.GET, "/api/v1/graph", query: [("format", "dot")])
                    return print(String(decoding: answer.body, as: UTF8.self), terminator: "")
                }
                let answer = try await options.client.send(.GET, "/api/v1/graph")
                if options.output == .json { return printJSON(answer.body) }
                let graph = try JSONDecoder.api.decode(GraphResponse.self, from: answer.body)
                var table = Table("FROM", "TO", "SOURCE", "TYPE", "CRITICAL", "FALLBACK", "REQ/S (5m)")
                for edge in graph.edges {
                    table.add(edge.from, edge.to, edge.source, edge.type, edge.critical ? "yes" : "no", edge.fallbackAvailable ? "yes" : "no",
                              edge.recent.map { String(format: "%.2f", $0.rate) } ?? "-")
                }
                print(table.rendered)
                let unregistered = graph.nodes.filter { !$0.registered }.count
                print("\(graph.nodes.count) nodes (\(unregistered) unregistered), \(graph.edges.count) edges")
            }
        }
    }

    struct Impact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What goes down, transitively, when these nodes fail.")

        @OptionGroup var options: ClientOptions
        @Argument(help: "The failed nodes.") var names: [String]
        @Option(help: "firstHop (default) or alongHardEdges: whether degradation spreads.") var propagation: String?
        @Option(name: .customLong("max-depth"), help: "Follow at most this many hops (1: direct dependants only).") var maximumDepth: Int?

        func validate() throws {
            guard !names.isEmpty else { throw ValidationError("name at least one failed node") }
        }

        func run() async throws {
            try await reportingClientErrors {
                var query = [("failed", names.joined(separator: ","))]
                if let propagation { query.append(("propagation", propagation)) }
                if let maximumDepth { query.append(("maxDepth", String(maximumDepth))) }
                let answer = try await options.client.send(.GET, "/api/v1/graph/impact", query: query)
                if options.output == .json { return printJSON(answer.body) }
                let report = try JSONDecoder.api.decode(ImpactResponse.self, from: answer.body)
                print("failing \(report.failed.joined(separator: ", ")): \(report.summary.down) down, \(report.summary.degraded) degraded")
                guard !(report.down.isEmpty && report.degraded.isEmpty) else { return }
                var table = Table("STATUS", "SERVICE", "CHAIN")
                for entry in report.down + report.degraded {
                    table.add(entry.status, entry.name, entry.path)
                }
                print(table.rendered)
            }
        }
    }

    struct Cycles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dependency cycles.")

        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.GET, "/api/v1/graph/cycles")
                if options.output == .json { return printJSON(answer.body) }
                let cycles = try JSONDecoder.api.decode(CyclesResponse.self, from: answer.body).cycles
                if cycles.isEmpty { return print("no dependency cycles") }
                for cycle in cycles { print(cycle.path.joined(separator: " → ")) }
            }
        }
    }

    struct Drift: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Where traffic and the catalog disagree.")

        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.GET, "/api/v1/graph/drift")
                if options.output == .json { return printJSON(answer.body) }
                let drift = try JSONDecoder.api.decode(DriftResponse.self, from: answer.body)
                var table = Table("DRIFT", "FROM", "TO")
                for edge in drift.observedButUndeclared { table.add("observed, not declared", edge.from, edge.to) }
                for edge in drift.declaredButNeverObserved { table.add("declared, never observed", edge.from, edge.to) }
                print(table.rendered)
                if !drift.unregisteredServices.isEmpty {
                    print("services sending spans but not registered: \(drift.unregisteredServices.joined(separator: ", "))")
                }
            }
        }
    }
}
