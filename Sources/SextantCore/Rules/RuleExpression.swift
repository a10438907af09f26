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
