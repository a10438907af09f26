/// A parsed regular expression: what is matched, without how it was written.
indirect enum RegexNode: Sendable, Equatable {
    /// Matches the empty string.
    case empty
    /// One scalar, or any of its case variants.
    case scalar(UInt32, foldsCase: Bool)
    /// One scalar of a class (a bracketed class, `.`, `\d`, `\pL`).
    case characterClass(CharacterClass)
    /// A position test: `^`, `$`, `\A`, `\z`, `\b`, `\B`.
    case assertion(RegexAssertion)
    case concatenation([RegexNode])
    case alternation([RegexNode])
    /// `node` at least `minimum` and at most `maximum` times (`nil`: unbounded).
    case repetition(RegexNode, minimum: Int, maximum: Int?)

    /// The literal strings the node matches, when it matches only a few fixed strings
    /// (case-sensitively): `api|auth-service`.
    var literalAlternatives: [[UInt32]]? {
        switch self {
        case .empty: return [[]]
        case .scalar(let value, let foldsCase): return foldsCase ? nil : [[value]]
        case .concatenation(let parts):
            var result: [UInt32] = []
            for part in parts {
                guard let literals = part.literalAlternatives, literals.count == 1 else { return nil }
                result += literals[0]
            }
            return [result]
        case .alternation(let branches):
            var result: [[UInt32]] = []
            for branch in branches {
                guard let literals = branch.literalAlternatives else { return nil }
                result += literals
            }
            return result
        default:
            return nil
        }
    }
}
