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

    public static func evaluate(_ metric: LogMetric, at time: Int64, entries: [LogEntry]) -> Value {
        switch metric {
        case .number(let value):
            return .scalar(value)
        case .vector(let value):
            return .vector([Sample(labels: [:], value: value)])
        case .range(let function, let query, let rangeSeconds):
            return .vector(range(function, query, rangeSeconds: rangeSeconds, at: time, entries: entries))
        case .aggregate(let aggregation, let grouping, let inner):
            guard case .vector(let samples) = evaluate(inner, at: time, entries: entries) else {
                return .vector([])
            }
            return .vector(aggregate(aggregation, grouping, samples))
        case .binary(let op, let left, let right, let returnsBool):
            return binary(op, evaluate(left, at: time, entries: entries), evaluate(right, at: time, entries: entries), returnsBool: returnsBool)
        }
    }

    static func range(_ function: LogMetric.RangeFunction, _ query: LogQuery, rangeSeconds: Double, at time: Int64, entries: [LogEntry]) -> [Sample] {
        let start = time - Int64(rangeSeconds * 1e9)
        var totals: [LabelSet: Double] = [:]
        for entry in entries where entry.timestampNanos > start && entry.timestampNanos <= time && query.selector.allSatisfy({ $0.matches(entry.labels) }) {
            guard let labels = LogPipeline.run(query.pipeline, line: entry.line, labels: entry.labels) else { continue }
            switch function {
            case .countOverTime, .rate: totals[labels, default: 0] += 1
            case .bytesOverTime, .bytesRate: totals[labels, default: 0] += Double(entry.line.utf8.count)
            }
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
