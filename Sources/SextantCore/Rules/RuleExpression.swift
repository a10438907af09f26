import Foundation

/// What an alerting rule evaluates: a query over Sextant's own series compared with a
/// threshold, such as `error_ratio(service="api-service", window="5m") > 0.05`, or a PromQL
/// expression for the configured Prometheus.
public enum RuleExpression: Sendable, Equatable {
    case sextant(SeriesQuery)
    case promQL(String)

    /// Parses `text`: a call of one of ``SeriesFunction``'s names is Sextant's; anything else
    /// is PromQL.
    public static func parse(_ text: String) throws -> RuleExpression {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ValidationError(code: "invalid_expression", message: "the expression is empty", field: "expr") }
        let name = String(trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        guard let function = SeriesFunction(rawValue: name) else { return .promQL(trimmed) }
        return .sextant(try SeriesQuery.parse(trimmed, function: function))
    }

    public var text: String {
        switch self {
        case .sextant(let query): return query.text
        case .promQL(let text): return text
        }
    }
}

/// A series Sextant computes itself, by name.
public enum SeriesFunction: String, Sendable, CaseIterable {
    /// Failed share of requests over `window`, per service, operation or edge.
    case errorRatio = "error_ratio"
    /// Requests per second over `window`.
    case requestRate = "request_rate"
    /// The `quantile` (default 0.95) of request durations over `window`, in seconds.
    case latencyQuantile = "latency_quantile"
    /// 1 when a component's last health probe succeeded, 0 when it failed.
    case up
    /// An objective's remaining error budget, as a ratio (1 is untouched, below 0 overspent).
    case sloErrorBudgetRemaining = "slo_error_budget_remaining"
    /// An objective's burn rate over `window`.
    case sloBurnRate = "slo_burn_rate"
    /// An objective's indicator over its whole window, as a ratio.
    case sloSLI = "slo_sli"
    /// An objective's alert conditions that are firing (burn-rate pairs and budget
    /// thresholds), valued by their burn rate or remaining budget.
    case sloAlert = "slo_alert"

    /// The arguments the function takes.
    public var arguments: Set<String> {
        switch self {
        case .errorRatio, .requestRate: return ["service", "operation", "client", "server", "window"]
        case .latencyQuantile: return ["service", "operation", "client", "server", "window", "quantile"]
        case .up: return ["component"]
        case .sloErrorBudgetRemaining, .sloSLI: return ["slo", "service"]
        case .sloBurnRate: return ["slo", "service", "window"]
        case .sloAlert: return ["slo", "service", "severity", "condition"]
        }
    }
}

/// A comparison that keeps the samples it holds for, as PromQL's filtering comparisons do.
public struct Comparison: Sendable, Equatable {
    public enum Operator: String, Sendable, CaseIterable {
        case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=", equal = "==", notEqual = "!="
    }

    public var op: Operator
    public var threshold: Double

    public func holds(for value: Double) -> Bool {
        switch op {
        case .greater: return value > threshold
        case .greaterOrEqual: return value >= threshold
        case .less: return value < threshold
        case .lessOrEqual: return value <= threshold
        case .equal: return value == threshold
        case .notEqual: return value != threshold
        }
    }
}

/// A call of a ``SeriesFunction`` with its arguments, optionally compared with a threshold.
public struct SeriesQuery: Sendable, Equatable {
    public var function: SeriesFunction
    public var arguments: [String: String]
    public var comparison: Comparison?

    /// The look-back window in seconds (`window`, default 5 minutes).
    public var windowSeconds: Double { arguments["window"].flatMap(DurationText.seconds) ?? 300 }
    public var quantile: Double { arguments["quantile"].flatMap(Double.init) ?? 0.95 }

    public var text: String {
        let arguments = arguments.keys.sorted().map { "\($0)=\(self.arguments[$0]!.goQuoted)" }.joined(separator: ", ")
        let comparison = comparison.map { " \($0.op.rawValue) \(TemplateValue.format($0.threshold))" } ?? ""
        return "\(function.rawValue)(\(arguments))\(comparison)"
    }

    static func parse(_ text: String, function: SeriesFunction) throws -> SeriesQuery {
        func failure(_ message: String) -> ValidationError {
            ValidationError(code: "invalid_expression", message: "\(message) in \(Quoted.prefix(text))", field: "expr")
        }
        var rest = Substring(text).dropFirst(function.rawValue.count).drop { $0.isWhitespace }
        var arguments: [String: String] = [:]
        if rest.hasPrefix("(") {
            rest = rest.dropFirst()
            while true {
                rest = rest.drop { $0.isWhitespace || $0 == "," }
                if rest.hasPrefix(")") { rest = rest.dropFirst(); break }
                let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                guard !name.isEmpty else { throw failure("expected an argument name or ')'") }
                guard function.arguments.contains(name) else {
                    throw failure("\(function.rawValue) has no argument \(Quoted.prefix(name)); it takes \(function.arguments.sorted().joined(separator: ", "))")
                }
                rest = rest.dropFirst(name.count).drop { $0.isWhitespace }
                guard rest.hasPrefix("=") else { throw failure("expected '=' after \(name)") }
                rest = rest.dropFirst().drop { $0.isWhitespace }
                guard let quote = rest.first, quote == "\"" || quote == "'" else { throw failure("the value of \(name) must be quoted") }
                rest = rest.dropFirst()
                guard let close = rest.firstIndex(of: quote) else { throw failure("unterminated string") }
                guard arguments[name] == nil else { throw failure("\(name) is given twice") }
                arguments[name] = String(rest[..<close])
                rest = rest[rest.index(after: close)...]
            }
        }
        if let window = arguments["window"] {
            guard let seconds = DurationText.seconds(window), seconds >= 60 else { throw failure("window must be a duration of at least 1m, not \(Quoted.prefix(window))") }
        }
        if let quantile = arguments["quantile"] {
            guard let value = Double(quantile), value > 0, value < 1 else { throw failure("quantile must be between 0 and 1, not \(Quoted.prefix(quantile))") }
        }
        rest = rest.drop { $0.isWhitespace }
        var comparison: Comparison? = nil
        if !rest.isEmpty {
            let op = Comparison.Operator.allCases.sorted { $0.rawValue.count > $1.rawValue.count }.first { rest.hasPrefix($0.rawValue) }
            guard let op else { throw failure("expected a comparison (>, >=, <, <=, ==, !=) after the call") }
            let number = rest.dropFirst(op.rawValue.count).trimmingCharacters(in: .whitespaces)
            guard let threshold = Double(number) else { throw failure("\(Quoted.prefix(number)) is not a number") }
            comparison = Comparison(op: op, threshold: threshold)
        }
        return SeriesQuery(function: function, arguments: arguments, comparison: comparison)
    }
}
