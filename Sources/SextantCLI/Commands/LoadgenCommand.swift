import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SextantCore
import SextantWire

/// `sextant loadgen`: drives a URL, or Sextant's own OTLP intake with realistic spans, at a normal
/// rate and then a spike, with bounded concurrency; prints a progress line while it runs and each
/// phase's throughput, latency quantiles and errors at the end.
public struct LoadgenCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "loadgen",
        abstract: "Replay traffic: a normal rate, then a spike, against a URL or Sextant's OTLP intake; report each phase.",
        discussion: """
            With --target, each request is METHOD TARGET (with --body-file and --header). With --otlp, each request is an \
            OTLP/protobuf export of --spans-per-request spans (frontend → api-service → auth-service and postgres, about 2 % \
            failing) to --server's /v1/traces with the API key. Bounds: rates 0.1–100000/s, durations 1s–24h, concurrency 1–10000.
            """
    )

    @OptionGroup var options: ClientOptions
    @Option(help: "The URL to drive.") var target: String?
    @Flag(help: "Drive --server's OTLP intake with synthetic spans instead of --target.") var otlp = false
    @Option(help: "The request method for --target.") var method: String = "GET"
    @Option(name: .customLong("body-file"), help: "A file sent as each request's body.") var bodyFile: String?
    @Option(name: .customLong("header"), help: "A header sent with each request, as 'Name: value' (repeatable).") var headers: [String] = []
    @Option(help: "Requests per second in the normal phase.") var rate: Double = 50
    @Option(help: "How long the normal phase lasts.") var duration: String = "30s"
    @Option(name: .customLong("spike-rate"), help: "Requests per second in the spike (0: no spike).") var spikeRate: Double = 250
    @Option(name: .customLong("spike-duration"), help: "How long the spike lasts.") var spikeDuration: String = "10s"
    @Option(help: "Most requests in flight at once.") var concurrency: Int = 64
    @Option(name: .customLong("spans-per-request"), help: "Spans in each OTLP export (1–10000).") var spansPerRequest: Int = 50
    @Option(help: "How long one request may take.") var timeout: String = "10s"

    public func run() async throws {
        try await reportingClientErrors {
            let plan: LoadPlan
            do {
                plan = try LoadPlan(
                    normalRate: rate, normalDuration: try Self.seconds(duration, "duration"), spikeRate: spikeRate,
                    spikeDuration: try Self.seconds(spikeDuration, "spike-duration"), concurrency: concurrency
                )
            } catch let error as SextantCore.ValidationError {
                throw ClientError(error.message)
            }
            let requestTimeout = try Self.seconds(timeout, "timeout")
            let source = try makeSource()
            var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .milliseconds(Int64(requestTimeout * 1000))))
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = plan.concurrency
            configuration.connectionPool.retryConnectionEstablishment = false
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            do {
                let driver = LoadDriver(http: http, source: source, timeout: .milliseconds(Int64(requestTimeout * 1000)))
                try await driver.preflight()
                var reports: [LoadPhaseReport] = []
                for phase in plan.phases {
                    reports.append(await driver.run(phase, concurrency: plan.concurrency))
                }
                try? await http.shutdown()
                print(options.output == .json ? Self.json(reports) : Self.table(reports))
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }

    private func makeSource() throws -> LoadSource {
        switch (target, otlp) {
        case (nil, false): throw ClientError("say what to drive: --target URL, or --otlp for --server's OTLP intake")
        case (.some, true): throw ClientError("--target and --otlp exclude each other")
        case (.some(let url), false):
            guard let parsed = URL(string: url), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else {
                throw ClientError("--target \(Quoted.prefix(url)) is not an http or https URL")
            }
            var fixed: [(String, String)] = []
            for header in headers {
                let parts = header.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { throw ClientError("--header \(Quoted.prefix(header)) is not 'Name: value'") }
                fixed.append((parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces)))
            }
            let body = try bodyFile.map { [UInt8](try readInput($0)) }
            return LoadSource(url: url, method: HTTPMethod(rawValue: method.uppercased()), headers: fixed) { body }
        case (nil, true):
            guard (1...10_000).contains(spansPerRequest) else { throw ClientError("--spans-per-request must be between 1 and 10000, not \(spansPerRequest)") }
            let client = options.client
            let base = client.baseURL.hasSuffix("/") ? String(client.baseURL.dropLast()) : client.baseURL
            var fixed = [("Content-Type", "application/x-protobuf")]
            if let token = client.token { fixed.append(("Authorization", "Bearer \(token)")) }
            let spans = spansPerRequest
            return LoadSource(url: base + "/v1/traces", method: .POST, headers: fixed) { SyntheticTraffic.export(spans: spans) }
        }
    }

    static func seconds(_ text: String, _ flag: String) throws -> Double {
        guard let seconds = DurationText.seconds(text), seconds > 0 else { throw ClientError("--\(flag) \(Quoted.prefix(text)) is not a duration such as 30s or 5m") }
        return seconds
    }

    static func table(_ reports: [LoadPhaseReport]) -> String {
        func ms(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
        var table = Table("PHASE", "TARGET/S", "SECONDS", "OK", "NON-2XX", "ERRORS", "THROUGHPUT/S", "P50 MS", "P90 MS", "P99 MS", "MAX MS")
        for report in reports {
            table.add(report.phase, String(format: "%.1f", report.targetRate), String(format: "%.1f", report.seconds), "\(report.succeeded)",
                      "\(report.failed)", "\(report.errors)", String(format: "%.1f", report.throughput), ms(report.p50), ms(report.p90),
                      ms(report.p99), ms(report.max))
        }
        let statuses = reports.filter { !$0.statuses.isEmpty }.map { report in
            "\(report.phase): " + report.statuses.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
        }
        return table.rendered + (statuses.isEmpty ? "" : "\nstatuses other than 2xx — " + statuses.joined(separator: "; "))
    }

    static func json(_ reports: [LoadPhaseReport]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(["phases": reports])) ?? Data(), as: UTF8.self)
    }
}

/// What each request of a run is.
struct LoadSource: Sendable {
    let url: String
    let method: HTTPMethod
    let headers: [(String, String)]
    let body: @Sendable () -> [UInt8]?
}
