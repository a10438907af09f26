/// LogQL as Sextant reads it: the subset that the runbooks use — stream selectors, line filters,
/// `json` and `logfmt`, label filters with string, number and duration comparisons, the range
/// functions `count_over_time`, `rate`, `bytes_over_time`, `bytes_rate`, the aggregations `sum`,
/// `count`, `avg`, `min`, `max` with `by`/`without`, `vector()`, numbers, arithmetic and
/// comparisons. Parse errors name the column, as Loki's do.
public enum LogQL {
    /// A query, parsed; with the warnings for what Sextant accepts and Loki refuses (an empty
    /// selector `{}`).
    public struct Parsed: Sendable, Equatable {
        public var expression: LogQLExpression
        public var warnings: [String]
    }

    /// The longest query accepted, in bytes.
    public static let maximumBytes = 16_384
    /// The longest range a range function may read (Loki's longest query).
    public static let maximumRangeSeconds: Double = 721 * 3_600

    public static func parse(_ text: String) throws -> Parsed {
        guard text.utf8.count <= maximumBytes else {
            throw ValidationError(code: "parse_error", message: "a query is at most \(maximumBytes) bytes", field: "query")
        }
        var parser = LogQLParser(tokens: try LogQLLexer.tokens(text))
        let expression = try parser.query()
        return Parsed(expression: expression, warnings: parser.warnings)
    }

    static func error(_ message: String, column: Int) -> ValidationError {
        ValidationError(code: "parse_error", message: "parse error at line 1, col \(column): \(message)", field: "query")
    }

    /// Go's durations with fractions (`1.5s`, `250ms`, `1h2m3.5s`), in seconds; `nil` otherwise.
    public static func goDuration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400), ("w", 604_800)]
        var rest = Substring(text)
        var negative = false
        if rest.hasPrefix("-") { negative = true; rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            guard let number = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix { $0.isLetter }
            guard let unit = units.first(where: { $0.0 == letters }) else { return nil }
            rest = rest.dropFirst(letters.count)
            total += number * unit.1
        }
        return negative ? -total : total
    }
}

struct LogQLParser {
    /// How deep a metric expression may nest (parentheses, aggregations, signs, `^` chains): a
    /// query of 16 KiB of `(` would otherwise recurse past the thread's stack.
    static let maximumNesting = 64

    private let tokens: [LogQLToken]
    private var position = 0
    private var nesting = 0
    private(set) var warnings: [String] = []

    init(tokens: [LogQLToken]) {
        self.tokens = tokens
    }

    private var current: LogQLToken { tokens[position] }

    private mutating func advance() -> LogQLToken {
        defer { position = min(position + 1, tokens.count - 1) }
        return tokens[position]
    }

    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }

    private func isIdentifier(_ name: String) -> Bool { current.kind == .identifier(name) }

    /// One level deeper, or an error past ``maximumNesting``.
    private mutating func descend() throws {
        nesting += 1
        guard nesting <= Self.maximumNesting else {
            throw fail("the expression nests more than \(Self.maximumNesting) levels deep")
        }
    }

    private func fail(_ message: String) -> ValidationError {
        LogQL.error(message, column: current.column)
    }

    private var describedCurrent: String {
        switch current.kind {
        case .identifier(let name): return "unexpected \(Quoted.prefix(name))"
        case .string(let text): return "unexpected string \(Quoted.prefix(text))"
        case .number(let number): return "unexpected number \(number)"
        case .duration: return "unexpected duration"
        case .symbol(let symbol): return "unexpected \(Quoted.prefix(symbol))"
        case .end: return "unexpected end of query"
        }
    }

    private mutating func expect(_ symbol: String) throws {
        guard isSymbol(symbol) else { throw fail("\(describedCurrent), expecting \(Quoted.prefix(symbol))") }
        _ = advance()
    }

    private mutating func string() throws -> String {
        guard case .string(let text) = current.kind else { throw fail("\(describedCurrent), expecting a string") }
        _ = advance()
        return text
    }

    private mutating func identifier() throws -> String {
        guard case .identifier(let name) = current.kind else { throw fail("\(describedCurrent), expecting a label name") }
        _ = advance()
        return name
    }

    mutating func query() throws -> LogQLExpression {
        let expression: LogQLExpression
        if isSymbol("{") {
            expression = .logs(try logQuery())
            guard current.kind == .end else {
                throw fail("\(describedCurrent): a log query cannot take part in a metric expression; wrap it in a range function such as count_over_time")
            }
        } else {
            expression = .metric(try binary(minimum: 1))
        }
        guard current.kind == .end else { throw fail(describedCurrent) }
        return expression
    }

    // MARK: Metric queries

    private mutating func binary(minimum: Int) throws -> LogMetric {
        try descend()
        defer { nesting -= 1 }
        var left = try unary()
        while case .symbol(let symbol) = current.kind, let op = LogMetric.Operator(rawValue: symbol), op.precedence >= minimum {
            _ = advance()
            var returnsBool = false
            if op.isComparison, isIdentifier("bool") {
                _ = advance()
                returnsBool = true
            }
            // `^` is right-associative; the others bind left to right.
            let right = try binary(minimum: op == .power ? op.precedence : op.precedence + 1)
            left = .binary(op, left, right, returnsBool: returnsBool)
        }
        return left
    }

    private mutating func unary() throws -> LogMetric {
        if isSymbol("-") {
            _ = advance()
            try descend()
            defer { nesting -= 1 }
            let operand = try unary()
            if case .number(let value) = operand { return .number(-value) }
            return .binary(.multiply, .number(-1), operand, returnsBool: false)
        }
        if isSymbol("+") { _ = advance() }
        return try primary()
    }

    private mutating func primary() throws -> LogMetric {
        switch current.kind {
        case .number(let value):
            _ = advance()
            return .number(value)
        case .symbol("("):
            _ = advance()
            let inner = try binary(minimum: 1)
            try expect(")")
            return inner
        case .symbol("{"):
            throw fail("a log query cannot take part in a metric expression; wrap it in a range function such as count_over_time")
        case .identifier("vector"):
            _ = advance()
            try expect("(")
            guard case .number(let value) = current.kind else { throw fail("\(describedCurrent), expecting a number") }
            _ = advance()
            try expect(")")
            return .vector(value)
        case .identifier(let name):
            if let function = LogMetric.RangeFunction(rawValue: name) {
                _ = advance()
                try expect("(")
                let query = try logQuery()
                try expect("[")
                guard case .duration(let seconds) = current.kind, seconds > 0 else { throw fail("\(describedCurrent), expecting a range such as [5m]") }
                guard seconds <= LogQL.maximumRangeSeconds else { throw fail("a range is at most 721h") }
                _ = advance()
                try expect("]")
                try expect(")")
                return .range(function, query, rangeSeconds: seconds)
            }
            if let aggregation = LogMetric.Aggregation(rawValue: name) {
                _ = advance()
                var grouping = try groupingClause()
                try expect("(")
                let inner = try binary(minimum: 1)
                try expect(")")
                if grouping == nil { grouping = try groupingClause() }
                return .aggregate(aggregation, grouping, inner)
            }
            throw fail("unexpected \(Quoted.prefix(name)): not a function Sextant knows (count_over_time, rate, bytes_over_time, bytes_rate, sum, count, avg, min, max, vector)")
        default:
            throw fail(describedCurrent)
        }
    }

    private mutating func groupingClause() throws -> LogMetric.Grouping? {
        guard isIdentifier("by") || isIdentifier("without") else { return nil }
        let isBy = isIdentifier("by")
        _ = advance()
        try expect("(")
        var labels: [String] = []
        while !isSymbol(")") {
            labels.append(try identifier())
            if isSymbol(",") { _ = advance() } else { break }
        }
        try expect(")")
        return isBy ? .by(labels) : .without(labels)
    }

    // MARK: Log queries

    private mutating func logQuery() throws -> LogQuery {
        try expect("{")
        var selector: [LabelMatcher] = []
        while !isSymbol("}") {
            let column = current.column
            let name = try identifier()
            guard case .symbol(let symbol) = current.kind, let kind = LabelMatcher.Kind(rawValue: symbol) else {
                throw fail("\(describedCurrent), expecting =, !=, =~ or !~")
            }
            _ = advance()
            let value = try string()
            do {
                selector.append(try LabelMatcher(name: name, kind: kind, value: value))
            } catch let error as ValidationError {
                throw LogQL.error(error.message, column: column)
            }
            if isSymbol(",") { _ = advance() } else { break }
        }
        try expect("}")
        if selector.isEmpty || selector.allSatisfy(\.matchesEmpty) {
            warnings.append("the stream selector matches every stream: Loki refuses it (it needs a matcher that does not match the empty value); Sextant answers")
        }
        var pipeline: [LogStage] = []
        while true {
            if case .symbol(let symbol) = current.kind, let kind = LineFilter.Kind(rawValue: symbol) {
                _ = advance()
                let column = current.column
                do {
                    pipeline.append(.lineFilter(try LineFilter(kind: kind, text: try string())))
                } catch let error as ValidationError where !error.message.hasPrefix("parse error") {
                    throw LogQL.error(error.message, column: column)
                }
                continue
            }
            guard isSymbol("|") else { break }
            _ = advance()
            if isIdentifier("json") {
                _ = advance()
                pipeline.append(.json(try jsonArguments()))
            } else if isIdentifier("logfmt") {
                _ = advance()
                pipeline.append(.logfmt)
            } else {
                pipeline.append(.labelFilter(try labelFilter()))
            }
        }
        return LogQuery(selector: selector, pipeline: pipeline)
    }

    private mutating func jsonArguments() throws -> [(label: String, path: [String])] {
        var arguments: [(label: String, path: [String])] = []
        while case .identifier(let label) = current.kind, tokens[position + 1].kind == .symbol("=") {
            _ = advance()
            _ = advance()
            let column = current.column
            let text = try string()
            guard let path = Self.jsonPath(text) else { throw LogQL.error("invalid JSON path \(Quoted.prefix(text))", column: column) }
            arguments.append((label, path))
            if isSymbol(",") { _ = advance() } else { break }
        }
        return arguments
    }

    /// `request.headers["User-Agent"]`, `servers[0]` → the members and indexes.
    static func jsonPath(_ text: String) -> [String]? {
        var path: [String] = []
        var current = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "." {
                if current.isEmpty {
                    guard index > text.startIndex, text[text.index(before: index)] == "]" else { return nil }
                } else {
                    path.append(current)
                    current = ""
                }
            } else if character == "[" {
                if !current.isEmpty { path.append(current); current = "" }
                guard let close = text[index...].firstIndex(of: "]") else { return nil }
                var inner = String(text[text.index(after: index)..<close])
                if inner.hasPrefix("\"") && inner.hasSuffix("\"") && inner.count >= 2 { inner = String(inner.dropFirst().dropLast()) }
                guard !inner.isEmpty else { return nil }
                path.append(inner)
                index = close
            } else {
                current.append(character)
            }
            index = text.index(after: index)
        }
        if !current.isEmpty { path.append(current) }
        return path.isEmpty ? nil : path
    }

    private mutating func labelFilter() throws -> LabelFilter {
        var left = try labelConjunction()
        while isIdentifier("or") {
            _ = advance()
            left = .or(left, try labelConjunction())
        }
        return left
    }

    private mutating func labelConjunction() throws -> LabelFilter {
        var left = try labelPredicate()
        while isIdentifier("and") || isSymbol(",") {
            _ = advance()
            left = .and(left, try labelPredicate())
        }
        return left
    }

    private mutating func labelPredicate() throws -> LabelFilter {
        if isSymbol("(") {
            _ = advance()
            let inner = try labelFilter()
            try expect(")")
            return inner
        }
        let column = current.column
        let name = try identifier()
        guard case .symbol(let symbol) = current.kind else { throw fail("\(describedCurrent), expecting a comparison") }
        let operatorColumn = current.column
        _ = advance()
        switch current.kind {
        case .string(let text):
            guard let kind = LabelMatcher.Kind(rawValue: symbol == "==" ? "=" : symbol) else {
                throw LogQL.error("a string is compared with =, !=, =~ or !~, not \(symbol)", column: operatorColumn)
            }
            _ = advance()
            do {
                return .matcher(try LabelMatcher(name: name, kind: kind, value: text))
            } catch let error as ValidationError {
                throw LogQL.error(error.message, column: column)
            }
        case .number(let value):
            guard let comparison = LabelFilter.Comparison(rawValue: symbol == "=" ? "==" : symbol) else {
                throw LogQL.error("\(symbol) does not compare numbers", column: operatorColumn)
            }
            _ = advance()
            return .number(name, comparison, value)
        case .duration(let seconds):
            guard let comparison = LabelFilter.Comparison(rawValue: symbol == "=" ? "==" : symbol) else {
                throw LogQL.error("\(symbol) does not compare durations", column: operatorColumn)
            }
            _ = advance()
            return .duration(name, comparison, seconds)
        default:
            throw fail("\(describedCurrent), expecting a string, a number or a duration")
        }
    }
}
