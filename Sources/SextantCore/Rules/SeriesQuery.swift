import Foundation

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
