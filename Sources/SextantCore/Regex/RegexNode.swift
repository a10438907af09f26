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

/// A test of the position between two scalars.
enum RegexAssertion: Sendable, Equatable {
    case beginningOfText, endOfText, beginningOfLine, endOfLine, wordBoundary, notWordBoundary

    /// Whether the test holds between `previous` and `next` (`nil` at either end of the text).
    func holds(previous: UInt32?, next: UInt32?) -> Bool {
        switch self {
        case .beginningOfText: return previous == nil
        case .endOfText: return next == nil
        case .beginningOfLine: return previous == nil || previous == 0x0A
        case .endOfLine: return next == nil || next == 0x0A
        case .wordBoundary: return Self.isWord(previous) != Self.isWord(next)
        case .notWordBoundary: return Self.isWord(previous) == Self.isWord(next)
        }
    }

    /// RE2's word characters: ASCII letters, digits and `_`.
    static func isWord(_ scalar: UInt32?) -> Bool {
        guard let scalar else { return false }
        return (scalar >= 0x30 && scalar <= 0x39) || (scalar >= 0x41 && scalar <= 0x5A) || (scalar >= 0x61 && scalar <= 0x7A) || scalar == 0x5F
    }
}
