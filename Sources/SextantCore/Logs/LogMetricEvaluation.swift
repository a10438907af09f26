import Foundation

/// Evaluates a LogQL metric query at one instant over the lines handed to it (at least those in
/// the widest range the query asks for), as Loki's instant queries do: range functions count (or
/// sum the bytes of) each label set's lines in `(t − range, t]` after the pipeline, aggregations
/// group by or without labels, and binary operators work on scalars, on a vector and a scalar,
/// and on two vectors matched by identical label sets. Comparisons filter unless `bool` is given.
public enum LogMetricEvaluation {
    /// A sample of the result: the rule engine's own, so a LogQL rule reads like any other.
    public typealias Sample = RuleSample

    public enum Value: Sendable, Equatable {
        case vector([Sample])
        case scalar(Double)
    }

    /// A line after a log query's selector and pipeline: when, its labels then, and its size.
    public struct ProcessedLine: Sendable, Equatable {
        public var timestampNanos: Int64
        public var labels: LabelSet
        public var bytes: Int
    }

    /// The lines of `entries` that `query` keeps, oldest first, each with its labels after the pipeline.
    public static func process(_ query: LogQuery, _ entries: [LogEntry]) -> [ProcessedLine] {
        entries.compactMap { entry -> ProcessedLine? in
            guard query.selector.allSatisfy({ $0.matches(entry.labels) }),
                  let labels = LogPipeline.run(query.pipeline, line: entry.line, labels: entry.labels) else { return nil }
            return ProcessedLine(timestampNanos: entry.timestampNanos, labels: labels, bytes: entry.line.utf8.count)
        }.sorted { $0.timestampNanos < $1.timestampNanos }
    }

    /// The log queries inside a metric query (each to be read and processed once for every step).
    public static func logQueries(of metric: LogMetric) -> [LogQuery] {
        switch metric {
        case .number, .vector: return []
        case .range(_, let query, _): return [query]
        case .aggregate(_, _, let inner): return logQueries(of: inner)
        case .binary(_, let left, let right, _): return logQueries(of: left) + logQueries(of: right)
        }
    }

    public static func evaluate(_ metric: LogMetric, at time: Int64, entries: [LogEntry]) -> Value {
        let processed = logQueries(of: metric).map { ($0, process($0, entries)) }
        return evaluate(metric, at: time) { query in processed.first { $0.0 == query }?.1 ?? [] }
    }

    /// Evaluates at `time` with the processed lines of each log query (oldest first) from `lines`.
    public static func evaluate(_ metric: LogMetric, at time: Int64, lines: (LogQuery) -> [ProcessedLine]) -> Value {
        switch metric {
        case .number(let value):
            return .scalar(value)
        case .vector(let value):
            return .vector([Sample(labels: [:], value: value)])
        case .range(let function, let query, let rangeSeconds):
            return .vector(range(function, lines(query), rangeSeconds: rangeSeconds, at: time))
        case .aggregate(let aggregation, let grouping, let inner):
            guard case .vector(let samples) = evaluate(inner, at: time, lines: lines) else {
                return .vector([])
            }
            return .vector(aggregate(aggregation, grouping, samples))
        case .binary(let op, let left, let right, let returnsBool):
            return binary(op, evaluate(left, at: time, lines: lines), evaluate(right, at: time, lines: lines), returnsBool: returnsBool)
        }
    }

    static func range(_ function: LogMetric.RangeFunction, _ lines: [ProcessedLine], rangeSeconds: Double, at time: Int64) -> [Sample] {
        let start = time - Int64(rangeSeconds * 1e9)
        var totals: [LabelSet: Double] = [:]
        // The first line after `start`, found by bisection; then forward to `time`.
        var low = 0, high = lines.count
        while low < high {
            let middle = (low + high) / 2
            if lines[middle].timestampNanos > start { high = middle } else { low = middle + 1 }
        }
        var index = low
        while index < lines.count, lines[index].timestampNanos <= time {
            let line = lines[index]
            switch function {
            case .countOverTime, .rate: totals[line.labels, default: 0] += 1
            case .bytesOverTime, .bytesRate: totals[line.labels, default: 0] += Double(line.bytes)
            }
            index += 1
        }
        let divisor = function == .rate || function == .bytesRate ? rangeSeconds : 1
        return totals.map { Sample(labels: $0.key, value: $0.value / divisor) }.sorted(by: order)
    }

    static func aggregate(_ aggregation: LogMetric.Aggregation, _ grouping: LogMetric.Grouping?, _ samples: [Sample]) -> [Sample] {
        var groups: [LabelSet: [Double]] = [:]
        for sample in samples {
            let key: LabelSet
            switch grouping {
            case .by(let names)?: key = sample.labels.filter { names.contains($0.key) }
            case .without(let names)?: key = sample.labels.filter { !names.contains($0.key) && $0.key != "__name__" }
            case nil: key = [:]
            }
            groups[key, default: []].append(sample.value)
        }
        return groups.map { labels, values in
            let value: Double
            switch aggregation {
            case .sum: value = values.reduce(0, +)
            case .count: value = Double(values.count)
            case .avg: value = values.reduce(0, +) / Double(values.count)
            case .min: value = values.min()!
            case .max: value = values.max()!
            }
            return Sample(labels: labels, value: value)
        }.sorted(by: order)
    }

    static func binary(_ op: LogMetric.Operator, _ left: Value, _ right: Value, returnsBool: Bool) -> Value {
        switch (left, right) {
        case (.scalar(let a), .scalar(let b)):
            return .scalar(op.isComparison ? (compare(op, a, b) ? 1 : 0) : arithmetic(op, a, b))
        case (.vector(let samples), .scalar(let b)):
            return .vector(samples.compactMap { apply(op, $0, $0.value, b, returnsBool: returnsBool) })
        case (.scalar(let a), .vector(let samples)):
            return .vector(samples.compactMap { apply(op, $0, a, $0.value, returnsBool: returnsBool) })
        case (.vector(let lefts), .vector(let rights)):
            let byLabels = Dictionary(rights.map { ($0.labels, $0.value) }, uniquingKeysWith: { first, _ in first })
            return .vector(lefts.compactMap { sample in
                byLabels[sample.labels].flatMap { apply(op, sample, sample.value, $0, returnsBool: returnsBool) }
            })
        }
    }

    private static func apply(_ op: LogMetric.Operator, _ sample: Sample, _ a: Double, _ b: Double, returnsBool: Bool) -> Sample? {
        guard op.isComparison else { return Sample(labels: sample.labels, value: arithmetic(op, a, b)) }
        let holds = compare(op, a, b)
        if returnsBool { return Sample(labels: sample.labels, value: holds ? 1 : 0) }
        return holds ? sample : nil
    }

    static func arithmetic(_ op: LogMetric.Operator, _ a: Double, _ b: Double) -> Double {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .modulo: return a.truncatingRemainder(dividingBy: b)
        case .power: return pow(a, b)
        default: return .nan
        }
    }

    static func compare(_ op: LogMetric.Operator, _ a: Double, _ b: Double) -> Bool {
        LabelFilter.Comparison(rawValue: op.rawValue)?.holds(a, b) ?? false
    }

    private static func order(_ left: Sample, _ right: Sample) -> Bool {
        left.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            < right.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
