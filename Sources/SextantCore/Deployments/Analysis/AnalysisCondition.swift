/// A success or failure condition over a measured value, as Argo Rollouts writes them:
/// comparisons of `result` (or `result[0]`) with numbers, joined by `&&`/`and` and `||`/`or`,
/// with parentheses: `result < 0.05`, `result >= 0.99 && result <= 1`.
public indirect enum AnalysisCondition: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

        func holds(_ left: Double, _ right: Double) -> Bool {
            switch self {
            case .less: return left < right
            case .lessOrEqual: return left <= right
            case .greater: return left > right
            case .greaterOrEqual: return left >= right
            case .equal: return left == right
            case .notEqual: return left != right
            }
        }
    }

    /// One side of a comparison: the measured value or a number.
    public enum Operand: Sendable, Equatable {
        case result
        case number(Double)

        func value(_ result: Double) -> Double {
            switch self {
            case .result: return result
            case .number(let number): return number
            }
        }
    }

    case compare(Operand, Comparison, Operand)
    case and(AnalysisCondition, AnalysisCondition)
    case or(AnalysisCondition, AnalysisCondition)

    /// The longest condition accepted, in characters.
    public static let maximumLength = 1_024

    /// Whether the condition holds for `result`.
    public func holds(for result: Double) -> Bool {
        switch self {
        case .compare(let left, let comparison, let right): return comparison.holds(left.value(result), right.value(result))
        case .and(let left, let right): return left.holds(for: result) && right.holds(for: result)
        case .or(let left, let right): return left.holds(for: result) || right.holds(for: result)
        }
    }

    public var description: String {
        func text(_ operand: Operand) -> String {
            switch operand {
            case .result: return "result"
            case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            }
        }
        switch self {
        case .compare(let left, let comparison, let right): return "\(text(left)) \(comparison.rawValue) \(text(right))"
        case .and(let left, let right): return "(\(left) && \(right))"
        case .or(let left, let right): return "(\(left) || \(right))"
        }
    }

    /// Parses `text`, or throws a ``ValidationError`` naming `field` and what was expected.
    public static func parse(_ text: String, field: String) throws -> AnalysisCondition {
        guard text.count <= maximumLength else {
            throw ValidationError(code: "invalid_condition", message: "a condition is at most \(maximumLength) characters", field: field)
        }
        var parser = ConditionParser(tokens: try ConditionParser.tokens(text, field: field), field: field)
        let condition = try parser.disjunction(depth: 0)
        guard parser.isAtEnd else { throw parser.error("unexpected \(Quoted.prefix(parser.peek ?? ""))") }
        return condition
    }
}

/// Recursive descent over a condition's tokens.
struct ConditionParser {
    let tokens: [String]
    let field: String
    var index = 0
    static let maximumDepth = 32

    var isAtEnd: Bool { index == tokens.count }
    var peek: String? { index < tokens.count ? tokens[index] : nil }

    func error(_ message: String) -> ValidationError {
        ValidationError(code: "invalid_condition", message: "\(message) in the condition; write comparisons of result with numbers, such as result < 0.05 && result >= 0", field: field)
    }

    static func tokens(_ text: String, field: String) throws -> [String] {
        var tokens: [String] = []
        var characters = Array(text)[...]
        while let first = characters.first {
            if first.isWhitespace { characters = characters.dropFirst(); continue }
            let two = String(characters.prefix(2))
            if ["<=", ">=", "==", "!=", "&&", "||"].contains(two) {
                tokens.append(two)
                characters = characters.dropFirst(2)
            } else if "<>()".contains(first) {
                tokens.append(String(first))
                characters = characters.dropFirst()
            } else if first.isLetter || first.isNumber || first == "." || first == "-" || first == "[" || first == "_" {
                let word = characters.prefix { $0.isLetter || $0.isNumber || ".-+[]_".contains($0) }
                tokens.append(String(word))
                characters = characters.dropFirst(word.count)
            } else {
                throw ValidationError(code: "invalid_condition", message: "unexpected \(Quoted.prefix(String(first))) in the condition", field: field)
            }
        }
        return tokens
    }

    mutating func next() -> String? {
        defer { index += 1 }
        return peek
    }

    mutating func disjunction(depth: Int) throws -> AnalysisCondition {
        var left = try conjunction(depth: depth)
        while peek == "||" || peek == "or" {
            index += 1
            left = .or(left, try conjunction(depth: depth))
        }
        return left
    }

    mutating func conjunction(depth: Int) throws -> AnalysisCondition {
        var left = try primary(depth: depth)
        while peek == "&&" || peek == "and" {
            index += 1
            left = .and(left, try primary(depth: depth))
        }
        return left
    }

    mutating func primary(depth: Int) throws -> AnalysisCondition {
        guard depth < Self.maximumDepth else { throw error("too many parentheses") }
        if peek == "(" {
            index += 1
            let inner = try disjunction(depth: depth + 1)
            guard next() == ")" else { throw error("a missing )") }
            return inner
        }
        let left = try operand()
        guard let symbol = next(), let comparison = AnalysisCondition.Comparison(rawValue: symbol) else {
            throw error("a missing comparison (<, <=, >, >=, ==, !=)")
        }
        return .compare(left, comparison, try operand())
    }

    mutating func operand() throws -> AnalysisCondition.Operand {
        guard let word = next() else { throw error("a missing value") }
        if word == "result" || word == "result[0]" { return .result }
        guard let number = Double(word), number.isFinite else { throw error("\(Quoted.prefix(word)) is neither result nor a number") }
        return .number(number)
    }
}
