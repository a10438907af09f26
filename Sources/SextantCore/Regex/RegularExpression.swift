/// A regular expression in RE2's syntax, matched in time linear in the text (RE2's and Go's
/// guarantee, which Prometheus and Alertmanager rely on): no pattern can make a match slow.
public struct RegularExpression: Sendable, Equatable, CustomStringConvertible {
    /// Where a match must lie.
    public enum Anchoring: Sendable, Equatable {
        /// Anywhere in the text, as Go's `MatchString`.
        case anywhere
        /// The whole text, as Alertmanager and Prometheus label matchers: `^(?:pattern)$`.
        case wholeText
    }

    /// The pattern as written.
    public let pattern: String
    public let anchoring: Anchoring
    private let program: RegexProgram
    /// For a pattern of a few fixed strings matched whole (`api|auth`): the strings' scalars.
    private let literals: Set<[UInt32]>?

    /// The longest pattern accepted, in bytes.
    public static let maximumPatternBytes = 8_192

    /// Compiles `pattern`; throws a ``RegexSyntaxError`` naming the fault, in Go's words.
    public init(_ pattern: String, anchoring: Anchoring = .anywhere) throws(RegexSyntaxError) {
        guard pattern.utf8.count <= Self.maximumPatternBytes else {
            throw RegexSyntaxError(reason: "expression too large", expression: String(pattern.prefix(32)) + "…")
        }
        var parser = RegexParser(pattern)
        var node = try parser.parse()
        var literals: Set<[UInt32]>?
        if anchoring == .wholeText {
            if let alternatives = node.literalAlternatives, alternatives.count <= 256 { literals = Set(alternatives) }
            node = .concatenation([.assertion(.beginningOfText), node, .assertion(.endOfText)])
        }
        self.literals = literals
        self.pattern = pattern
        self.anchoring = anchoring
        self.program = try RegexProgram(node, pattern: pattern)
    }

    /// Whether the text matches (somewhere, or as a whole, as the anchoring says).
    public func matches(_ text: String) -> Bool {
        if let literals { return literals.contains(text.unicodeScalars.map(\.value)) }
        return RegexMachine.matches(program, in: text)
    }

    public var description: String { pattern }

    public static func == (left: RegularExpression, right: RegularExpression) -> Bool {
        left.pattern == right.pattern && left.anchoring == right.anchoring
    }
}
