/// A LogQL query, as the subset Sextant answers: a log query (a stream selector and a pipeline)
/// or a metric query over log queries.
public indirect enum LogQLExpression: Sendable, Equatable {
    case logs(LogQuery)
    case metric(LogMetric)
}

/// `{service="api"} |= "error" | json | status="500"`.
public struct LogQuery: Sendable, Equatable {
    public var selector: [LabelMatcher]
    public var pipeline: [LogStage]

    public init(selector: [LabelMatcher], pipeline: [LogStage] = []) {
        self.selector = selector
        self.pipeline = pipeline
    }
}

/// One stage of a log pipeline.
public enum LogStage: Sendable, Equatable {
    /// `|= "text"`, `!= "text"`, `|~ "regex"`, `!~ "regex"`.
    case lineFilter(LineFilter)
    /// `| json`, or `| json name="path.to.field", …` to extract only those.
    case json([(label: String, path: [String])])
    /// `| logfmt`.
    case logfmt
    /// `| status="500"`, `| duration > 1s and latency >= 250ms`.
    case labelFilter(LabelFilter)

    public static func == (left: LogStage, right: LogStage) -> Bool {
        switch (left, right) {
        case (.lineFilter(let a), .lineFilter(let b)): return a == b
        case (.json(let a), .json(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.label == $1.label && $0.path == $1.path }
        case (.logfmt, .logfmt): return true
        case (.labelFilter(let a), .labelFilter(let b)): return a == b
        default: return false
        }
    }
}

/// A filter on the line's text.
public struct LineFilter: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case contains = "|="
        case notContains = "!="
        case matches = "|~"
        case notMatches = "!~"
    }

    public var kind: Kind
    public var text: String
    /// The compiled pattern of `|~` and `!~` (searched anywhere in the line, as Loki does).
    public var pattern: RegularExpression?

    public init(kind: Kind, text: String) throws {
        self.kind = kind
        self.text = text
        switch kind {
        case .matches, .notMatches:
            do {
                pattern = try RegularExpression(text, anchoring: .anywhere)
            } catch {
                throw ValidationError(code: "parse_error", message: "invalid regular expression \(Quoted.prefix(text)): \(error.reason)", field: "query")
            }
        case .contains, .notContains:
            pattern = nil
        }
    }

    public static func == (left: LineFilter, right: LineFilter) -> Bool { left.kind == right.kind && left.text == right.text }

    public func keeps(_ line: String) -> Bool {
        switch kind {
        case .contains: return text.isEmpty || line.contains(text)
        case .notContains: return text.isEmpty || !line.contains(text)
        case .matches: return pattern!.matches(line)
        case .notMatches: return !pattern!.matches(line)
        }
    }
}

/// A filter on labels (extracted ones included): string matchers, number and duration
/// comparisons, joined by `and` / `or` (`,` is `and`).
public indirect enum LabelFilter: Sendable, Equatable {
    public enum Comparison: String, Sendable {
        case equal = "==", notEqual = "!=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="

        func holds(_ left: Double, _ right: Double) -> Bool {
            switch self {
            case .equal: return left == right
            case .notEqual: return left != right
            case .greater: return left > right
            case .greaterOrEqual: return left >= right
            case .less: return left < right
            case .lessOrEqual: return left <= right
            }
        }
    }

    case matcher(LabelMatcher)
    case number(String, Comparison, Double)
    /// A duration in seconds, compared with a label holding a duration (`250ms`, `1.5s`).
    case duration(String, Comparison, Double)
    case and(LabelFilter, LabelFilter)
    case or(LabelFilter, LabelFilter)
}

/// A metric query over logs.
public indirect enum LogMetric: Sendable, Equatable {
    public enum RangeFunction: String, Sendable, CaseIterable {
        case countOverTime = "count_over_time"
        case rate
        case bytesOverTime = "bytes_over_time"
        case bytesRate = "bytes_rate"
    }

    public enum Aggregation: String, Sendable, CaseIterable {
        case sum, count, avg, min, max
    }

    public enum Grouping: Sendable, Equatable {
        case by([String])
        case without([String])
    }

    public enum Operator: String, Sendable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
        case equal = "==", notEqual = "!=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="

        /// Binding strength: higher binds tighter.
        var precedence: Int {
            switch self {
            case .equal, .notEqual, .greater, .greaterOrEqual, .less, .lessOrEqual: return 1
            case .add, .subtract: return 2
            case .multiply, .divide, .modulo: return 3
            case .power: return 4
            }
        }

        var isComparison: Bool { precedence == 1 }
    }

    /// `count_over_time({…} |= "x" [5m])`: the range in seconds.
    case range(RangeFunction, LogQuery, rangeSeconds: Double)
    /// `sum by (service) (…)`.
    case aggregate(Aggregation, Grouping?, LogMetric)
    /// `vector(1)`.
    case vector(Double)
    case number(Double)
    /// `a + b`; comparisons filter unless `bool` is given (`a > bool b` answers 0 or 1).
    case binary(Operator, LogMetric, LogMetric, returnsBool: Bool)
}
