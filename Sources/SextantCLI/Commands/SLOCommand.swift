import ArgumentParser
import Foundation
import SextantCore
import SextantAPI

/// `sextant slo …`: objectives, their status, and Prometheus rules for them.
public struct SLOCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "slo",
        abstract: "Manage service level objectives.",
        subcommands: [Apply.self, List.self, Get.self, Status.self, Delete.self, Rules.self]
    )

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or replace the objectives of a file ({slos: [...]} or OpenSLO v1), all or none."
        )

        @OptionGroup var options: ClientOptions
        @Option(name: .shortAndLong, help: "The document (YAML or JSON); - reads standard input.") var file: String

        func run() async throws {
            try await reportingClientErrors {
                let data = try readInput(file)
                let contentType = file.hasSuffix(".json") ? "application/json" : "application/yaml"
                let answer = try await options.client.send(.PUT, "/api/v1/slos", body: data, contentType: contentType)
                if options.output == .json { return printJSON(answer.body) }
                let result = try JSONDecoder.api.decode(SLOApplyResponse.self, from: answer.body)
                for (verb, ids) in [("created", result.created), ("updated", result.updated), ("unchanged", result.unchanged)] {
                    for id in ids { print("\(verb): \(id)") }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List objectives.")

        @OptionGroup var options: ClientOptions
        @Option(help: "Only the objectives of this service.") var service: String?

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.GET, "/api/v1/slos", query: service.map { [("service", $0)] } ?? [])
                if options.output == .json { return printJSON(answer.body) }
                for view in try JSONDecoder.api.decode(SLOList.self, from: answer.body).slos {
                    print("\(view.definition.id)\t\(SlothRules.format(view.definition.objective))%\t\(view.definition.window.label)")
                }
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one objective's definition.")

        @OptionGroup var options: ClientOptions
        @Argument(help: "The objective's id (service-name).") var id: String

        func run() async throws {
            try await reportingClientErrors {
                printJSON(try await options.client.send(.GET, "/api/v1/slos/\(id)").body)
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an objective's SLI, error budget and burn rates now.")

        @OptionGroup var options: ClientOptions
        @Argument(help: "The objective's id (service-name).") var id: String

        func run() async throws {
            try await reportingClientErrors {
                let answer = try await options.client.send(.GET, "/api/v1/slos/\(id)/status")
                if options.output == .json { return printJSON(answer.body) }
                let body = try JSONDecoder.api.decode(SLOStatusResponse.self, from: answer.body)
                let sli = body.sli.map { String(format: "%.4f%%", $0) } ?? "no events"
                print("\(id): \(body.state), SLI \(sli) of \(SlothRules.format(body.objective))%, "
                      + String(format: "%.1f%% of the error budget left", body.errorBudget.remainingPercent))
                let rates = BurnWindow.allCases.map { window in
                    "\(window.label) \((body.burnRates[window.label] ?? nil).map { String(format: "%.2f", $0) } ?? "-")"
                }
                print("burn rates: " + rates.joined(separator: ", "))
                for condition in body.conditions where condition.active { print("active: \(condition.name)") }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an objective and its alert states.")

        @OptionGroup var options: ClientOptions
        @Argument(help: "The objective's id (service-name).") var id: String

        func run() async throws {
            try await reportingClientErrors {
                _ = try await options.client.send(.DELETE, "/api/v1/slos/\(id)")
                print("deleted \(id)")
            }
        }
    }

    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print Prometheus recording and alerting rules for the objectives of a file, with Sloth's names and labels."
        )

        @Option(name: .shortAndLong, help: "The document ({slos: [...]} or OpenSLO v1); - reads standard input.") var file: String
        @Option(name: .customLong("metric-prefix"), help: "Prefix of the traces_service_graph_* metrics edge indicators read.")
        var metricPrefix = ""

        func run() async throws {
            try await reportingClientErrors {
                let text = String(decoding: try readInput(file), as: UTF8.self)
                do {
                    print(try SlothRules.file(for: try SLODocumentReader.objectives(from: text), metricPrefix: metricPrefix), terminator: "")
                } catch let error as SextantCore.ValidationError {
                    throw ClientError("\(file): \(error)")
                } catch let error as SlothRules.Unsupported {
                    throw ClientError("\(file): \(error)")
                } catch let error as DecodingError {
                    throw ClientError("\(file): not a valid document: \(error)")
                }
            }
        }
    }
}
