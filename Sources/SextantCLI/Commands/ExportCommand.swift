import ArgumentParser
import Foundation
import SextantAPI
import SextantCore

/// `sextant export metrics`: CSV rows `timestamp,metric_name,labels,value` of SLO, RED and alert
/// series, every `--interval` seconds until stopped, or once.
public struct ExportCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export Sextant's figures.", subcommands: [Metrics.self]
    )

    public struct Metrics: AsyncParsableCommand {
        public init() {}

        public static let configuration = CommandConfiguration(
            abstract: "Write CSV rows timestamp,metric_name,labels,value for SLO, RED and alert series until stopped.",
            discussion: """
                Series: slo (slo_sli, slo_objective, slo_error_budget_remaining_percent, slo_burn_rate{window}, \
                slo_time_to_exhaustion_seconds), red (red_requests, red_errors, red_rate, red_error_ratio, \
                red_latency_seconds{quantile} per service over --window), alerts (alerts{state,severity}).
                """
        )

        @OptionGroup var options: ClientOptions
        @Option(help: "Seconds between snapshots (1–86400).") var interval: Int = 60
        @Flag(help: "Write one snapshot and stop.") var once = false
        @Option(help: "The series to write, comma-separated: slo, red, alerts (default all).") var series: String = "slo,red,alerts"
        @Option(help: "The RED window (as the API takes it, e.g. 5m).") var window: String = "5m"
        @Option(name: .customLong("file"), help: "Append to this file instead of standard output (the header is written when it is empty).") var file: String?

        public func run() async throws {
            try await reportingClientErrors {
                let chosen: [MetricExport.Series]
                do {
                    chosen = try MetricExport.series(from: series)
                } catch let error as SextantCore.ValidationError {
                    throw ClientError(error.message)
                }
                guard (1...86_400).contains(interval) else { throw ClientError("--interval must be between 1 and 86400 seconds, not \(interval)") }
                let sink = CSVSink(path: file)
                let client = options.client
                while true {
                    let started = ContinuousClock.now
                    var samples: [MetricExport.Sample] = []
                    for group in chosen { samples += try await Self.samples(of: group, window: window, client: client) }
                    try sink.write(MetricExport.rows(samples, at: Date()))
                    if once { return }
                    try await Task.sleep(until: started + .seconds(interval))
                }
            }
        }

        static func samples(of series: MetricExport.Series, window: String, client: SextantClient) async throws -> [MetricExport.Sample] {
            switch series {
            case .slo:
                var samples: [MetricExport.Sample] = []
                for slo in try await client.json(SLOList.self, .GET, "/api/v1/slos").slos {
                    guard let id = slo.id else { continue }
                    let status = try await client.json(SLOStatusResponse.self, .GET, "/api/v1/slos/\(pathSegment(id))/status")
                    let labels = ["slo": status.id, "service": status.service]
                    samples.append(.init("slo_objective", labels, status.objective))
                    if let sli = status.sli { samples.append(.init("slo_sli", labels, sli)) }
                    samples.append(.init("slo_error_budget_remaining_percent", labels, status.errorBudget.remainingPercent))
                    for (name, rate) in status.burnRates.sorted(by: { $0.key < $1.key }) {
                        if let rate { samples.append(.init("slo_burn_rate", labels.merging(["window": name]) { $1 }, rate)) }
                    }
                    if let exhaustion = status.timeToExhaustionSeconds { samples.append(.init("slo_time_to_exhaustion_seconds", labels, exhaustion)) }
                }
                return samples
            case .red:
                var samples: [MetricExport.Sample] = []
                for service in try await client.json(ServiceList.self, .GET, "/api/v1/services").services {
                    let answer = try await client.json(ServiceREDResponse.self, .GET, "/api/v1/services/\(pathSegment(service.name))/red", query: [("window", window)])
                    let labels = ["service": service.name, "window": answer.window]
                    samples.append(.init("red_requests", labels, Double(answer.red.requests)))
                    samples.append(.init("red_errors", labels, Double(answer.red.errors)))
                    samples.append(.init("red_rate", labels, answer.red.rate))
                    if let ratio = answer.red.errorRatio { samples.append(.init("red_error_ratio", labels, ratio)) }
                    for (quantile, value) in [("0.5", answer.red.latency.p50), ("0.95", answer.red.latency.p95), ("0.99", answer.red.latency.p99)] {
                        if let value { samples.append(.init("red_latency_seconds", labels.merging(["quantile": quantile]) { $1 }, value)) }
                    }
                }
                return samples
            case .alerts:
                let answer = try await client.send(.GET, "/api/v2/alerts")
                let alerts = (try? JSONSerialization.jsonObject(with: answer.body) as? [[String: Any]]) ?? []
                var counts: [[String: String]: Int] = [:]
                for alert in alerts {
                    let state = (alert["status"] as? [String: Any])?["state"] as? String ?? "unknown"
                    let severity = (alert["labels"] as? [String: Any])?["severity"] as? String ?? ""
                    counts[["state": state, "severity": severity], default: 0] += 1
                }
                for state in ["active", "suppressed"] where !counts.keys.contains(where: { $0["state"] == state }) {
                    counts[["state": state, "severity": ""]] = 0
                }
                return counts.map { MetricExport.Sample("alerts", $0.key, Double($0.value)) }
                    .sorted { ($0.labels["state"] ?? "", $0.labels["severity"] ?? "") < ($1.labels["state"] ?? "", $1.labels["severity"] ?? "") }
            }
        }

        private static func pathSegment(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
        }
    }
}

/// Where exported rows go: standard output, or a file appended to; the header comes with the
/// first rows (to a file, only when it was empty), so a run that fails first writes nothing.
final class CSVSink {
    private let path: String?
    private var needsHeader = true

    init(path: String?) {
        self.path = path
    }

    func write(_ rows: [String]) throws {
        var lines = rows
        if needsHeader {
            needsHeader = false
            let size = path.flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int } ?? 0
            if size == 0 { lines.insert(MetricExport.header, at: 0) }
        }
        guard !lines.isEmpty else { return }
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        guard let path else { return FileHandle.standardOutput.write(data) }
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ClientError("cannot write \(path)") }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(data)
    }
}
