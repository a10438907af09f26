import Foundation

/// A small implementation of Go's text/template, enough for Prometheus annotations
/// (`{{ $labels.service }}`, `{{ $value | humanizePercentage }}`) and Alertmanager's
/// notification templates (`{{ range .Alerts }}…{{ end }}`, `{{ if eq .Status "firing" }}`).
public struct Template: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case action([[Token]])
        case conditional([[Token]], then: [Node], otherwise: [Node])
        case loop([[Token]], body: [Node], otherwise: [Node])
    }

    enum Token: Sendable, Equatable {
        case word(String)
        case string(String)
        case number(Double)
    }

    let nodes: [Node]
    public let source: String

    /// Parses `source`; throws a ``ValidationError`` describing the first mistake.
    public init(_ source: String) throws {
        self.source = source
        var pieces = try Template.split(source)
        nodes = try Template.parse(&pieces, until: [])
        if !pieces.isEmpty { throw ValidationError(code: "invalid_template", message: "unexpected {{ end }} or {{ else }} in template") }
    }

    /// Renders with `dot` as `.` and `variables` as `$name`.
    /// Throws when the output would exceed ``maximumOutputBytes`` or the rendering would take
    /// more than ``maximumSteps`` steps (nested `range`s over large lists), so that no template
    /// can exhaust memory or time.
    public func render(dot: TemplateValue, variables: [String: TemplateValue] = [:]) throws -> String {
        var output = ""
        var scope = variables
        scope[""] = dot
        var steps = 0
        try Template.render(nodes, dot: dot, variables: scope, into: &output, steps: &steps)
        return output
    }

    /// The most bytes one rendering may produce.
    public static let maximumOutputBytes = 1 << 20
    /// The most nodes one rendering may visit.
    public static let maximumSteps = 1_000_000
    /// The deepest nesting of `if` and `range` accepted.
    public static let maximumNesting = 64

    // MARK: Parsing

    private enum Piece {
        case text(String)
        case action(String)
    }

    private static func split(_ source: String) throws -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(source)
        // Delimiters are found byte by byte, as Go's template does: a search that compares
        // characters costs far more for nothing on ASCII delimiters.
        while let open = rest.utf8.firstRange(of: "{{".utf8) {
            var text = String(rest[..<open.lowerBound])
            var inside = rest[open.upperBound...]
            guard let close = inside.utf8.firstRange(of: "}}".utf8) else { throw ValidationError(code: "invalid_template", message: "unclosed action '{{' in template") }
            var action = inside[..<close.lowerBound]
            if action.hasPrefix("-") {
                action = action.dropFirst()
                text = String(text.reversed().drop { $0.isWhitespace }.reversed())
            }
            var trimAfter = false
            if action.hasSuffix("-") {
                action = action.dropLast()
                trimAfter = true
            }
            if !text.isEmpty { pieces.append(.text(text)) }
            pieces.append(.action(action.trimmingCharacters(in: .whitespaces)))
            inside = inside[close.upperBound...]
            rest = trimAfter ? inside.drop { $0.isWhitespace } : inside
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }

    private static func parse(_ pieces: inout [Piece], until stops: Set<String>, depth: Int = 0) throws -> [Node] {
        guard depth <= maximumNesting else {
            throw ValidationError(code: "invalid_template", message: "the template nests if and range more than \(maximumNesting) levels deep")
        }
        var nodes: [Node] = []
        while let piece = pieces.first {
            switch piece {
            case .text(let text):
                pieces.removeFirst()
                nodes.append(.text(text))
            case .action(let action):
                let keyword = action.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
                if stops.contains(keyword) { return nodes }
                pieces.removeFirst()
                if action.hasPrefix("/*") { continue }
                switch keyword {
                case "if", "range":
                    nodes.append(try parseBlock(keyword, String(action.dropFirst(keyword.count)), &pieces, depth: depth + 1))
                case "end", "else":
                    throw ValidationError(code: "invalid_template", message: "unexpected {{ \(keyword) }} in template")
                default:
                    nodes.append(.action(try tokenize(action)))
                }
            }
        }
        return nodes
    }

    /// Parses the body of an `if` or `range` up to its `end`; an `else if` is an `if` nested
    /// in the else branch, sharing the outer `end`.
    private static func parseBlock(_ keyword: String, _ pipelineText: String, _ pieces: inout [Piece], depth: Int) throws -> Node {
        let pipeline = try tokenize(pipelineText)
        let body = try parse(&pieces, until: ["else", "end"], depth: depth)
        guard case .action(let stop) = pieces.first else {
            throw ValidationError(code: "invalid_template", message: "missing {{ end }} for {{ \(keyword) }}")
        }
        pieces.removeFirst()
        var otherwise: [Node] = []
        if stop.hasPrefix("else") {
            let rest = stop.dropFirst(4).trimmingCharacters(in: .whitespaces)
            if rest.hasPrefix("if ") {
                otherwise = [try parseBlock("if", String(rest.dropFirst(2)), &pieces, depth: depth + 1)]
            } else {
                otherwise = try parse(&pieces, until: ["end"], depth: depth)
                guard case .action = pieces.first else { throw ValidationError(code: "invalid_template", message: "missing {{ end }}") }
                pieces.removeFirst()
            }
        }
        return keyword == "if" ? .conditional(pipeline, then: body, otherwise: otherwise) : .loop(pipeline, body: body, otherwise: otherwise)
    }

    /// Splits an action into commands (separated by `|`) of words, strings and numbers.
    private static func tokenize(_ text: String) throws -> [[Token]] {
        var commands: [[Token]] = [[]]
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
            } else if character == "|" {
                commands.append([])
                index = text.index(after: index)
            } else if character == "\"" || character == "`" {
                var value = "", cursor = text.index(after: index), closed = false
                while cursor < text.endIndex {
                    let next = text[cursor]
                    if next == character { closed = true; break }
                    if next == "\\" && character == "\"", text.index(after: cursor) < text.endIndex {
                        cursor = text.index(after: cursor)
                        let escaped = text[cursor]
                        value.append(escaped == "n" ? "\n" : escaped == "t" ? "\t" : escaped)
                    } else {
                        value.append(next)
                    }
                    cursor = text.index(after: cursor)
                }
                guard closed else { throw ValidationError(code: "invalid_template", message: "unterminated string in template action \(Quoted.prefix(text))") }
                commands[commands.count - 1].append(.string(value))
                index = text.index(after: cursor)
            } else {
                let end = text[index...].firstIndex { $0.isWhitespace || $0 == "|" } ?? text.endIndex
                let word = String(text[index..<end])
                if let number = Double(word), !word.hasPrefix(".") || word.count > 1 && word.dropFirst().first!.isNumber {
                    commands[commands.count - 1].append(.number(number))
                } else {
                    commands[commands.count - 1].append(.word(word))
                }
                index = end
            }
        }
        guard commands.allSatisfy({ !$0.isEmpty }) else { throw ValidationError(code: "invalid_template", message: "empty command in template action \(Quoted.prefix(text))") }
        return commands
    }

    // MARK: Rendering

    private static func render(_ nodes: [Node], dot: TemplateValue, variables: [String: TemplateValue], into output: inout String,
                               steps: inout Int) throws {
        for node in nodes {
            steps += 1
            guard steps <= maximumSteps else {
                throw ValidationError(code: "invalid_template", message: "the template takes more than \(maximumSteps) steps to render")
            }
            guard output.utf8.count <= maximumOutputBytes else {
                throw ValidationError(code: "invalid_template", message: "the template renders more than \(maximumOutputBytes) bytes")
            }
            switch node {
            case .text(let text):
                output += text
            case .action(let pipeline):
                output += try evaluate(pipeline, dot: dot, variables: variables).text
            case .conditional(let pipeline, let then, let otherwise):
                let branch = try evaluate(pipeline, dot: dot, variables: variables).isTruthy ? then : otherwise
                try render(branch, dot: dot, variables: variables, into: &output, steps: &steps)
            case .loop(let pipeline, let body, let otherwise):
                let value = try evaluate(pipeline, dot: dot, variables: variables)
                let items: [TemplateValue]
                switch value {
                case .list(let list): items = list
                case .map(let map): items = map.keys.sorted().map { map[$0]! }
                default: items = []
                }
                if items.isEmpty { try render(otherwise, dot: dot, variables: variables, into: &output, steps: &steps) }
                for item in items {
                    // Each pass counts, so that nested loops over empty bodies cannot spin either.
                    steps += 1
                    guard steps <= maximumSteps else {
                        throw ValidationError(code: "invalid_template", message: "the template takes more than \(maximumSteps) steps to render")
                    }
                    try render(body, dot: item, variables: variables, into: &output, steps: &steps)
                }
            }
        }
    }

    private static func evaluate(_ pipeline: [[Token]], dot: TemplateValue, variables: [String: TemplateValue]) throws -> TemplateValue {
        var result: TemplateValue? = nil
        for command in pipeline {
            result = try call(command, piped: result, dot: dot, variables: variables)
        }
        return result ?? .null
    }

    private static func operand(_ token: Token, dot: TemplateValue, variables: [String: TemplateValue]) throws -> TemplateValue {
        switch token {
        case .string(let text): return .string(text)
        case .number(let value): return .number(value)
        case .word(let word):
            if word == "." { return dot }
            if word == "true" || word == "false" { return .bool(word == "true") }
            if word.hasPrefix(".") { return path(word.dropFirst(), from: dot) }
            if word.hasPrefix("$") {
                let parts = word.dropFirst().split(separator: ".", maxSplits: 1)
                let name = parts.first.map(String.init) ?? ""
                guard let value = variables[name] else { throw ValidationError(code: "invalid_template", message: "undefined variable $\(name)") }
                return parts.count == 2 ? path(parts[1], from: value) : value
            }
            throw ValidationError(code: "invalid_template", message: "unknown function or value \(Quoted.prefix(word))")
        }
    }

    private static func path(_ path: Substring, from value: TemplateValue) -> TemplateValue {
        path.split(separator: ".").reduce(value) { $0.field(String($1)) }
    }

    private static func call(_ command: [Token], piped: TemplateValue?, dot: TemplateValue, variables: [String: TemplateValue]) throws -> TemplateValue {
        guard case .word(let name) = command[0], !name.hasPrefix("."), !name.hasPrefix("$"), name != "true", name != "false" else {
            guard command.count == 1 else { throw ValidationError(code: "invalid_template", message: "a value cannot take arguments") }
            return try operand(command[0], dot: dot, variables: variables)
        }
        var arguments = try command.dropFirst().map { try operand($0, dot: dot, variables: variables) }
        if let piped { arguments.append(piped) }
        return try TemplateFunctions.call(name, arguments)
    }
}
