import Foundation

/// What an alerting rule evaluates: a query over Sextant's own series compared with a
/// threshold, such as `error_ratio(service="api-service", window="5m") > 0.05`, a LogQL metric
/// query over the stored logs (as Loki's ruler evaluates it), or a PromQL expression for the
/// configured Prometheus.
public enum RuleExpression: Sendable, Equatable {
    case sextant(SeriesQuery)
    case logQL(LogMetric, text: String)
    case promQL(String)

    /// Parses `text`: a call of one of ``SeriesFunction``'s names is Sextant's; a LogQL metric
    /// query over at least one stream selector (`count_over_time({service="api"} |= "error" [5m]) > 10`)
    /// is LogQL; anything else is PromQL. (A PromQL range function over a bare `{…}` selector
    /// reads as LogQL: name the metric, `up{…}`, to keep it PromQL.)
    public static func parse(_ text: String) throws -> RuleExpression {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ValidationError(code: "invalid_expression", message: "the expression is empty", field: "expr") }
        let name = String(trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        guard let function = SeriesFunction(rawValue: name) else {
            if case .metric(let metric)? = try? LogQL.parse(trimmed).expression, !LogMetricEvaluation.logQueries(of: metric).isEmpty {
                return .logQL(metric, text: trimmed)
            }
            return .promQL(trimmed)
        }
        return .sextant(try SeriesQuery.parse(trimmed, function: function))
    }

    public var text: String {
        switch self {
        case .sextant(let query): return query.text
        case .promQL(let text), .logQL(_, let text): return text
        }
    }
}
