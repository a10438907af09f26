/// The TraceQL subset Sextant answers for Tempo's search: one spanset of conditions joined by
/// `&&` — `resource.service.name`, `name`, `status` (`ok`, `error`, `unset`), `kind`, `duration`
/// and `span.<attribute>` / `resource.<attribute>` compared with `=`, `!=`, `>`, `>=`, `<`,
/// `<=`, `=~`, `!~`. `{}` matches every span. Anything else is refused naming its column.
public struct TraceQLQuery: Sendable, Equatable {
    public enum Field: Sendable, Equatable {
        case serviceName, name, status, kind, duration
        case spanAttribute(String)
        case resourceAttribute(String)
    }

    public enum Value: Sendable, Equatable {
        case string(String)
        case number(Double)
        /// Seconds.
        case duration(Double)
        /// `ok`, `error`, `unset`, or a kind (`server`, `client`, …).
        case keyword(String)
    }

    public enum Operator: String, Sendable, CaseIterable {
        case equal = "=", notEqual = "!=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="
        case regex = "=~", notRegex = "!~"
    }

    public struct Condition: Sendable, Equatable {
        public var field: Field
        public var op: Operator
        public var value: Value
        /// The pattern of `=~` and `!~`, anchored at both ends.
        public var pattern: RegularExpression?

        public static func == (left: Condition, right: Condition) -> Bool {
            left.field == right.field && left.op == right.op && left.value == right.value
        }
    }

    public var conditions: [Condition]

    /// The longest query accepted, in bytes.
    public static let maximumBytes = 4_096

    public static func parse(_ text: String) throws -> TraceQLQuery {
        guard text.utf8.count <= maximumBytes else { throw ValidationError(code: "parse_error", message: "a query is at most 4096 bytes", field: "q") }
        var reader = TraceQLReader(Array(text.unicodeScalars))
        try reader.expect("{")
        var conditions: [Condition] = []
        if !reader.take("}") {
            repeat {
                conditions.append(try reader.condition())
            } while reader.take("&&")
            try reader.expect("}")
        }
        guard reader.atEnd else { throw reader.fail("only one spanset of conditions joined by && is supported") }
        return TraceQLQuery(conditions: conditions)
    }

    /// Whether a span with these parts matches every condition. `attribute` reads a span
    /// attribute (`span.`) or, with `resource: true`, a resource attribute.
    public func matches(service: String, name: String, isError: Bool, kind: SpanKind, durationSeconds: Double,
                        attribute: (String, _ resource: Bool) -> String?) -> Bool {
        conditions.allSatisfy { condition in
            switch condition.field {
            case .serviceName: return Self.compare(service, condition)
            case .name: return Self.compare(name, condition)
            case .status:
                // Spans keep only whether they failed: `ok` and `unset` both mean "not an error".
                guard case .keyword(let word) = condition.value else { return false }
                let same = word == "error" ? isError : !isError
                return condition.op == .equal ? same : condition.op == .notEqual ? !same : false
            case .kind: return Self.compare(kind.name, condition)
            case .duration:
                guard case .duration(let threshold) = condition.value else { return false }
                return Self.holds(condition.op, durationSeconds, threshold)
            case .spanAttribute(let key): return attribute(key, false).map { Self.compare($0, condition) } ?? false
            case .resourceAttribute(let key): return attribute(key, true).map { Self.compare($0, condition) } ?? false
            }
        }
    }

    static func compare(_ actual: String, _ condition: Condition) -> Bool {
        switch condition.value {
        case .string(let text), .keyword(let text):
            switch condition.op {
            case .equal: return actual == text
            case .notEqual: return actual != text
            case .regex: return condition.pattern?.matches(actual) ?? false
            case .notRegex: return !(condition.pattern?.matches(actual) ?? false)
            default: return false
            }
        case .number(let threshold):
            guard let value = Double(actual) else { return false }
            return holds(condition.op, value, threshold)
        case .duration(let threshold):
            guard let value = LogQL.goDuration(actual) else { return false }
            return holds(condition.op, value, threshold)
        }
    }

    static func holds(_ op: Operator, _ value: Double, _ threshold: Double) -> Bool {
        LabelFilter.Comparison(rawValue: op == .equal ? "==" : op.rawValue)?.holds(value, threshold) ?? false
    }
}

/// Reads TraceQL text one piece at a time; errors name the column.
struct TraceQLReader {
    private let characters: [Unicode.Scalar]
    private var index = 0

    init(_ characters: [Unicode.Scalar]) {
        self.characters = characters
    }

    var atEnd: Bool {
        mutating get {
            skipSpaces()
            return index >= characters.count
        }
    }

    func fail(_ message: String) -> ValidationError {
        ValidationError(code: "parse_error", message: "parse error at col \(index + 1): \(message)", field: "q")
    }

    private mutating func skipSpaces() {
        while index < characters.count, characters[index].properties.isWhitespace { index += 1 }
    }

    private func peek(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return index + scalars.count <= characters.count && Array(characters[index..<(index + scalars.count)]) == scalars
    }

    mutating func take(_ text: String) -> Bool {
        skipSpaces()
        guard peek(text) else { return false }
        index += text.unicodeScalars.count
        return true
    }

    mutating func expect(_ text: String) throws {
        guard take(text) else { throw fail("expecting \(Quoted.prefix(text))") }
    }

    mutating func condition() throws -> TraceQLQuery.Condition {
        skipSpaces()
        let start = index
        while index < characters.count, characters[index].properties.isAlphabetic || characters[index] == "." || characters[index] == "_"
                || characters[index] == "-" || ("0"..."9").contains(characters[index]) {
            index += 1
        }
        let path = String(String.UnicodeScalarView(characters[start..<index]))
        let field: TraceQLQuery.Field
        switch path {
        case "resource.service.name", ".service.name": field = .serviceName
        case "name": field = .name
        case "status": field = .status
        case "kind": field = .kind
        case "duration": field = .duration
        case _ where path.hasPrefix("span.") && path.count > 5: field = .spanAttribute(String(path.dropFirst(5)))
        case _ where path.hasPrefix("resource.") && path.count > 9: field = .resourceAttribute(String(path.dropFirst(9)))
        default:
            index = start
            throw fail(path.isEmpty ? "expecting a field such as resource.service.name, name, status, duration or span.<attribute>"
                       : "\(Quoted.prefix(path)) is outside the supported subset (resource.service.name, name, status, kind, duration, span.*, resource.*)")
        }
        skipSpaces()
        guard let op = TraceQLQuery.Operator.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count }).first(where: { peek($0.rawValue) }) else {
            throw fail("expecting a comparison (=, !=, >, >=, <, <=, =~, !~)")
        }
        index += op.rawValue.count
        skipSpaces()
        let valueStart = index
        let value = try self.value()
        var pattern: RegularExpression?
        if op == .regex || op == .notRegex {
            guard case .string(let text) = value else { index = valueStart; throw fail("a regular expression is a string") }
            do {
                pattern = try RegularExpression(text, anchoring: .wholeText)
            } catch {
                index = valueStart
                throw fail("invalid regular expression \(Quoted.prefix(text))")
            }
        }
        switch (field, value) {
        case (.duration, .duration), (.status, .keyword), (.kind, .keyword), (.serviceName, .string), (.name, .string),
             (.spanAttribute, _), (.resourceAttribute, _):
            break
        default:
            index = valueStart
            throw fail("\(path) is not compared with that kind of value")
        }
        if case .keyword(let word) = value {
            let allowed: Set<String> = field == .status ? ["ok", "error", "unset"] : Set(SpanKind.allCases.map(\.name))
            guard allowed.contains(word) else { index = valueStart; throw fail("\(Quoted.prefix(word)) is not a \(field == .status ? "status" : "kind")") }
        }
        return TraceQLQuery.Condition(field: field, op: op, value: value, pattern: pattern)
    }

    private mutating func value() throws -> TraceQLQuery.Value {
        guard index < characters.count else { throw fail("expecting a value") }
        if characters[index] == "\"" {
            index += 1
            var text = String.UnicodeScalarView()
            while index < characters.count, characters[index] != "\"" {
                if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                text.append(characters[index])
                index += 1
            }
            guard index < characters.count else { throw fail("unterminated string") }
            index += 1
            return .string(String(text))
        }
        let start = index
        while index < characters.count, characters[index].properties.isAlphabetic || ("0"..."9").contains(characters[index])
                || characters[index] == "." || characters[index] == "-" {
            index += 1
        }
        let word = String(String.UnicodeScalarView(characters[start..<index]))
        if let number = Double(word) { return .number(number) }
        if let seconds = LogQL.goDuration(word) { return .duration(seconds) }
        guard !word.isEmpty, word.first!.isLetter else { index = start; throw fail("expecting a value") }
        return .keyword(word)
    }
}
