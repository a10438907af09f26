import Foundation

/// `sextant export metrics`: which series groups exist, and how a sample becomes a CSV row
/// (`timestamp,metric_name,labels,value`, RFC 4180 quoting, labels written as Prometheus writes
/// them: `name="value",…` sorted by name).
public enum MetricExport {
    /// A group of series the export can write.
    public enum Series: String, CaseIterable, Sendable {
        /// Per objective: `slo_sli`, `slo_objective`, `slo_error_budget_remaining_percent`,
        /// `slo_burn_rate{window}`, `slo_time_to_exhaustion_seconds`.
        case slo
        /// Per service over the window: `red_requests`, `red_errors`, `red_rate`,
        /// `red_error_ratio`, `red_latency_seconds{quantile}`.
        case red
        /// `alerts{state, severity}`: the alerts Sextant holds, counted.
        case alerts
    }

    /// One value at one time.
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double

        public init(_ name: String, _ labels: [String: String] = [:], _ value: Double) {
            self.name = name
            self.labels = labels
            self.value = value
        }
    }

    /// The CSV header line.
    public static let header = "timestamp,metric_name,labels,value"

    /// Reads `--series slo,red`: every group named, in the order given, each once; an unknown name
    /// is refused, naming the groups there are.
    public static func series(from text: String) throws -> [Series] {
        var chosen: [Series] = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
            guard let series = Series(rawValue: name) else {
                throw ValidationError(
                    code: "unknown_series",
                    message: "there is no series \(Quoted.prefix(name)); choose from \(Series.allCases.map(\.rawValue).joined(separator: ", "))",
                    field: "series"
                )
            }
            if !chosen.contains(series) { chosen.append(series) }
        }
        guard !chosen.isEmpty else {
            throw ValidationError(code: "unknown_series", message: "name at least one series: \(Series.allCases.map(\.rawValue).joined(separator: ", "))", field: "series")
        }
        return chosen
    }

    /// The CSV rows of `samples` taken at `time` (RFC 3339 UTC, to the second); non-finite
    /// values are written as Prometheus writes them (`NaN`, `+Inf`, `-Inf`).
    public static func rows(_ samples: [Sample], at time: Date) -> [String] {
        let timestamp = GoTime.civilText(time.timeIntervalSince1970.rounded(.down)) + "Z"
        return samples.map { sample in
            let labels = sample.labels.keys.sorted().map { "\($0)=\(sample.labels[$0]!.prometheusQuoted)" }.joined(separator: ",")
            return [timestamp, sample.name, labels, number(sample.value)].map(csvField).joined(separator: ",")
        }
    }

    private static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
