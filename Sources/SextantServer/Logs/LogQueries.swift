import Foundation
import SextantCore
import SextantStorage

/// Answers LogQL over the ``LogStore``: streams chosen by their labels, lines read by stream and
/// time, the pipeline and metric evaluation from Core. Reads are bounded: a log query returns at
/// most its limit and reads at most ``maximumScannedLines``; a metric query reads at most that
/// many lines or is refused.
struct LogQueries: Sendable {
    let store: any LogStore

    static let maximumScannedLines = 500_000
    static let page = 5_000

    /// The streams whose labels satisfy `selector`, with their labels.
    func streams(matching selector: [LabelMatcher]) async throws -> [(id: Int64, labels: LabelSet)] {
        try await store.streams().compactMap { stream in
            let labels = LogIntake.labels(ofStream: stream.labels)
            return selector.allSatisfy { $0.matches(labels) } ? (stream.id, labels) : nil
        }
    }

    struct Line {
        var labels: LabelSet
        var timestampNanos: Int64
        var line: String
    }

    /// Up to `limit` lines of `query` from `start` to `end`, newest first when `backward`, each with
    /// its labels after the pipeline; and whether the scan stopped at its bound.
    func lines(_ query: LogQuery, startNanos: Int64, endNanos: Int64, limit: Int, backward: Bool) async throws -> (lines: [Line], truncated: Bool) {
        let streams = try await streams(matching: query.selector)
        guard !streams.isEmpty else { return ([], false) }
        let labels = Dictionary(streams.map { ($0.id, $0.labels) }, uniquingKeysWith: { first, _ in first })
        var found: [Line] = []
        var scanned = 0
        var start = startNanos, end = endNanos
        while found.count < limit, scanned < Self.maximumScannedLines, start <= end {
            let page = try await store.lines(streams: Array(labels.keys), startNanos: start, endNanos: end, limit: Self.page, backward: backward)
            scanned += page.count
            for record in page where found.count < limit {
                guard let streamLabels = labels[record.stream],
                      let after = LogPipeline.run(query.pipeline, line: record.line, labels: streamLabels) else { continue }
                found.append(Line(labels: after, timestampNanos: record.timestampNanos, line: record.line))
            }
            guard page.count == Self.page, let last = page.last else { break }
            if backward { end = last.timestampNanos - 1 } else { start = last.timestampNanos + 1 }
        }
        return (found, scanned >= Self.maximumScannedLines)
    }

    /// Every line of `query` from `start` to `end`, processed, oldest first; refused beyond the bound.
    func processed(_ query: LogQuery, startNanos: Int64, endNanos: Int64) async throws -> [LogMetricEvaluation.ProcessedLine] {
        let streams = try await streams(matching: query.selector)
        guard !streams.isEmpty else { return [] }
        let records = try await store.lines(streams: streams.map(\.id), startNanos: startNanos, endNanos: endNanos,
                                            limit: Self.maximumScannedLines + 1, backward: false)
        guard records.count <= Self.maximumScannedLines else {
            throw APIError(.unprocessableContent, code: "too_many_lines",
                           message: "the query would read more than \(Self.maximumScannedLines) lines; narrow the selector or the range", field: "query")
        }
        let labels = Dictionary(streams.map { ($0.id, $0.labels) }, uniquingKeysWith: { first, _ in first })
        let entries = records.compactMap { record in
            labels[record.stream].map { LogEntry(labels: $0, timestampNanos: record.timestampNanos, line: record.line) }
        }
        return LogMetricEvaluation.process(query, entries)
    }

    /// The widest range a metric query reads, in nanoseconds.
    static func widestRange(_ metric: LogMetric) -> Int64 {
        switch metric {
        case .number, .vector: return 0
        case .range(_, _, let seconds): return Int64(seconds * 1e9)
        case .aggregate(_, _, let inner): return widestRange(inner)
        case .binary(_, let left, let right, _): return max(widestRange(left), widestRange(right))
        }
    }

    /// `metric` at each of `times`, every log query read once.
    func evaluate(_ metric: LogMetric, at times: [Int64]) async throws -> [(time: Int64, value: LogMetricEvaluation.Value)] {
        guard let first = times.first, let last = times.last else { return [] }
        var processed: [(LogQuery, [LogMetricEvaluation.ProcessedLine])] = []
        for query in LogMetricEvaluation.logQueries(of: metric) where !processed.contains(where: { $0.0 == query }) {
            processed.append((query, try await self.processed(query, startNanos: first - Self.widestRange(metric), endNanos: last)))
        }
        return times.map { time in
            (time, LogMetricEvaluation.evaluate(metric, at: time) { query in processed.first { $0.0 == query }?.1 ?? [] })
        }
    }
}
