import Foundation

/// One condition on a label, in Alertmanager's grammar: `name=value`, `name!=value`,
/// `name=~regex`, `name!~regex`. Regular expressions are anchored at both ends, and a missing
/// label reads as the empty string.
public struct LabelMatcher: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case regex = "=~"
        case notRegex = "!~"
    }

    public let name: String
    public let kind: Kind
    public let value: String
    private let pattern: AnchoredPattern?

    /// A matcher; throws when a regular expression does not compile.
    public init(name: String, kind: Kind, value: String) throws {
        guard LabelMatcher.isValidName(name) else {
            throw ValidationError(code: "invalid_matcher", message: "\(Quoted.prefix(name)) is not a valid label name")
        }
        self.name = name
        self.kind = kind
        self.value = value
        switch kind {
        case .regex, .notRegex: self.pattern = try AnchoredPattern(value)
        case .equal, .notEqual: self.pattern = nil
        }
    }

    /// Whether the labels satisfy this matcher.
    public func matches(_ labels: LabelSet) -> Bool {
        matches(value: labels[name] ?? "")
    }

    /// Whether a label value satisfies this matcher.
    public func matches(value candidate: String) -> Bool {
        switch kind {
        case .equal: return candidate == value
        case .notEqual: return candidate != value
        case .regex: return pattern!.matches(candidate)
        case .notRegex: return !pattern!.matches(candidate)
        }
    }

    /// Whether the matcher holds for a label that is absent.
    public var matchesEmpty: Bool { matches(value: "") }

    public var description: String { "\(name)\(kind.rawValue)\(value.goQuoted)" }

    public static func == (left: LabelMatcher, right: LabelMatcher) -> Bool {
        left.name == right.name && left.kind == right.kind && left.value == right.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(kind)
        hasher.combine(value)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first == ":" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0 == ":" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}

extension Array where Element == LabelMatcher {
    /// Whether every matcher holds.
    public func matches(_ labels: LabelSet) -> Bool {
        allSatisfy { $0.matches(labels) }
    }

    /// The matchers as Alertmanager prints a route's: sorted, in braces, comma-separated.
    public var braced: String {
        "{" + sorted { ($0.name, $0.kind.rawValue, $0.value) < ($1.name, $1.kind.rawValue, $1.value) }.map(\.description).joined(separator: ",") + "}"
    }
}

extension LabelMatcher {
    /// Parses matchers as Alertmanager 0.25 does: `{a="b", c=~"d.*"}`, or without braces,
    /// values quoted (with escapes) or bare.
    public static func parseList(_ text: String) throws -> [LabelMatcher] {
        var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if body.hasPrefix("{") {
            guard body.hasSuffix("}") else { throw ValidationError(code: "invalid_matcher", message: "missing '}' in matchers \(Quoted.prefix(text))") }
            body = body.dropFirst().dropLast()
        }
        var matchers: [LabelMatcher] = []
        for piece in try splitOutsideQuotes(body) {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            matchers.append(try parse(trimmed))
        }
        return matchers
    }

    /// Parses one matcher such as `severity="critical"` or `service=~api-.*`.
    public static func parse(_ text: String) throws -> LabelMatcher {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count, scalars[index] != "=", scalars[index] != "!" { index += 1 }
        let name = String(String.UnicodeScalarView(scalars[0..<index])).trimmingCharacters(in: .whitespaces)
        guard index < scalars.count else {
            throw ValidationError(code: "invalid_matcher", message: "bad matcher format: \(Quoted.prefix(text)); expected name=value, name!=value, name=~regex or name!~regex")
        }
        let rest = String(String.UnicodeScalarView(scalars[index...]))
        let kind: Kind
        if rest.hasPrefix("=~") { kind = .regex } else if rest.hasPrefix("!~") { kind = .notRegex } else if rest.hasPrefix("!=") { kind = .notEqual } else if rest.hasPrefix("=") { kind = .equal } else {
            throw ValidationError(code: "invalid_matcher", message: "bad matcher format: \(Quoted.prefix(text))")
        }
        var value = String(rest.dropFirst(kind.rawValue.count)).trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("\"") {
            guard value.count >= 2, value.hasSuffix("\""), let unquoted = unquote(value) else {
                throw ValidationError(code: "invalid_matcher", message: "bad quoting in matcher \(Quoted.prefix(text))")
            }
            value = unquoted
        }
        return try LabelMatcher(name: name, kind: kind, value: value)
    }

    /// Builds equality matchers from a `match:` map, or regex matchers from `match_re:`.
    public static func fromMap(_ map: [String: String], kind: Kind) throws -> [LabelMatcher] {
        try map.keys.sorted().map { try LabelMatcher(name: $0, kind: kind, value: map[$0]!) }
    }

    private static func splitOutsideQuotes(_ text: Substring) throws -> [String] {
        var pieces: [String] = [], current = "", quoted = false, escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" && quoted { current.append(character); escaped = true; continue }
            if character == "\"" { quoted.toggle() }
            if character == "," && !quoted { pieces.append(current); current = ""; continue }
            current.append(character)
        }
        if quoted { throw ValidationError(code: "invalid_matcher", message: "unterminated quote in matchers \(Quoted.prefix(text))") }
        pieces.append(current)
        return pieces
    }

    private static func unquote(_ quoted: String) -> String? {
        var result = "", escaped = false
        for character in quoted.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\\", "\"": result.append(character)
                default: return nil
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                return nil
            } else {
                result.append(character)
            }
        }
        return escaped ? nil : result
    }
}

extension LabelMatcher: Codable {
    private enum CodingKeys: String, CodingKey { case name, value, isRegex, isEqual }

    /// Decodes Alertmanager's API form: `{name, value, isRegex, isEqual}` (isEqual defaults to true).
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["name", "value", "isRegex", "isEqual"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let isRegex = try container.decodeIfPresent(Bool.self, forKey: .isRegex) ?? false
        let isEqual = try container.decodeIfPresent(Bool.self, forKey: .isEqual) ?? true
        let kind: Kind = isRegex ? (isEqual ? .regex : .notRegex) : (isEqual ? .equal : .notEqual)
        try self.init(name: try container.decode(String.self, forKey: .name), kind: kind, value: try container.decode(String.self, forKey: .value))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
        try container.encode(kind == .regex || kind == .notRegex, forKey: .isRegex)
        try container.encode(kind == .equal || kind == .regex, forKey: .isEqual)
    }
}
