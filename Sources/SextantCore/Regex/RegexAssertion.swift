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
