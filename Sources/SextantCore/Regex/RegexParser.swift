/// Parses RE2's syntax (as Go's `regexp` with its Perl flags): literals and escapes, `.`,
/// bracketed, Perl, POSIX and Unicode classes, `^ $ \A \z \b \B`, groups (capturing, named,
/// non-capturing, with flags `i m s U`), alternation, and repetition with counts up to 1000.
/// Backreferences, lookaround and possessive or atomic forms are refused, as RE2 refuses them.
/// The parser is iterative, so a deeply nested pattern cannot exhaust the stack.
struct RegexParser {
    struct Flags: Equatable {
        var foldsCase = false
        var multiLine = false
        var dotMatchesNewline = false
    }

    /// The deepest nesting of groups accepted (RE2 and Go allow 1,000; no real pattern nests
    /// more than a few levels).
    static let maximumNesting = 200
    /// The largest repetition count, alone or multiplied through nested repetitions.
    static let maximumRepeat = 1_000

    private let pattern: String
    private let scalars: [UInt32]
    private var index = 0
    private var flags: Flags

    init(_ pattern: String, flags: Flags = Flags()) {
        self.pattern = pattern
        self.scalars = pattern.unicodeScalars.map(\.value)
        self.flags = flags
    }

    private struct Frame {
        var branches: [RegexNode] = []
        var items: [RegexNode] = []
        var flagsOnOpen: RegexParser.Flags

        mutating func finishBranch() {
            branches.append(items.count == 1 ? items[0] : items.isEmpty ? .empty : .concatenation(items))
            items = []
        }

        mutating func node() -> RegexNode {
            finishBranch()
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }
    }

    private func text(_ range: Range<Int>) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[max(0, range.lowerBound)..<min(scalars.count, range.upperBound)].compactMap(Unicode.Scalar.init))
        return result
    }

    private func failure(_ reason: String, _ range: Range<Int>) -> RegexSyntaxError {
        RegexSyntaxError(reason: reason, expression: text(range))
    }

    private func peek(_ offset: Int = 0) -> UInt32? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    mutating func parse() throws(RegexSyntaxError) -> RegexNode {
        var stack = [Frame(flagsOnOpen: flags)]
        var lastRepeatStart: Int?
        while index < scalars.count {
            let scalar = scalars[index]
            var repeatStart: Int?
            switch scalar {
            case 0x28: // (
                if peek(1) == 0x3F { // ?
                    if let opened = try openPerlGroup() { stack.append(Frame(flagsOnOpen: opened)) }
                } else {
                    stack.append(Frame(flagsOnOpen: flags))
                    index += 1
                }
                if stack.count > Self.maximumNesting { throw failure("expression nests too deeply", 0..<scalars.count) }
            case 0x7C: // |
                stack[stack.count - 1].finishBranch()
                index += 1
            case 0x29: // )
                guard stack.count > 1 else { throw failure("unexpected )", 0..<scalars.count) }
                var frame = stack.removeLast()
                flags = frame.flagsOnOpen
                stack[stack.count - 1].items.append(frame.node())
                index += 1
            case 0x5E: // ^
                stack[stack.count - 1].items.append(.assertion(flags.multiLine ? .beginningOfLine : .beginningOfText))
                index += 1
            case 0x24: // $
                stack[stack.count - 1].items.append(.assertion(flags.multiLine ? .endOfLine : .endOfText))
                index += 1
            case 0x2E: // .
                var any = CharacterClass()
                if flags.dotMatchesNewline { any.add(0, CharacterClass.maximumScalar) } else { any.add(0, 0x09); any.add(0x0B, CharacterClass.maximumScalar) }
                any.seal()
                stack[stack.count - 1].items.append(.characterClass(any))
                index += 1
            case 0x5B: // [
                stack[stack.count - 1].items.append(.characterClass(try parseClass()))
            case 0x2A, 0x2B, 0x3F: // * + ?
                repeatStart = index
                index += 1
                let (minimum, maximum): (Int, Int?) = scalar == 0x2A ? (0, nil) : scalar == 0x2B ? (1, nil) : (0, 1)
                try applyRepetition(minimum, maximum, from: repeatStart!, previous: lastRepeatStart, to: &stack[stack.count - 1])
            case 0x7B: // {
                if let (minimum, maximum) = parseRepeatCount() {
                    repeatStart = index
                    index = repeatEnd
                    try applyRepetition(minimum, maximum, from: repeatStart!, previous: lastRepeatStart, to: &stack[stack.count - 1])
                } else {
                    stack[stack.count - 1].items.append(literal(scalar))
                    index += 1
                }
            case 0x5C: // backslash
                try parseEscapeAtom(into: &stack[stack.count - 1])
            default:
                stack[stack.count - 1].items.append(literal(scalar))
                index += 1
            }
            lastRepeatStart = repeatStart
        }
        guard stack.count == 1 else { throw failure("missing closing )", 0..<scalars.count) }
        return stack[0].node()
    }

    private func literal(_ scalar: UInt32) -> RegexNode {
        guard flags.foldsCase, CaseFolding.variants(of: scalar).count > 1 else { return .scalar(scalar, foldsCase: false) }
        return .scalar(scalar, foldsCase: true)
    }

    // MARK: Repetition

    /// Where the repetition count just parsed ends.
    private var repeatEnd = 0

    /// `{n}`, `{n,}` or `{n,m}` at `index`, or `nil` when the brace is a literal.
    private mutating func parseRepeatCount() -> (Int, Int?)? {
        var cursor = index + 1
        func number() -> Int? {
            let start = cursor
            while cursor < scalars.count, scalars[cursor] >= 0x30, scalars[cursor] <= 0x39 { cursor += 1 }
            guard cursor > start else { return nil }
            // No leading zeros, as Go; a count this long is out of range anyway.
            if cursor - start > 1 && scalars[start] == 0x30 { return nil }
            if cursor - start > 8 { return Int.max }
            return scalars[start..<cursor].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        guard let minimum = number() else { return nil }
        var maximum: Int? = minimum
        if cursor < scalars.count, scalars[cursor] == 0x2C { // ,
            cursor += 1
            if cursor < scalars.count, scalars[cursor] == 0x7D { maximum = nil } else {
                guard let value = number() else { return nil }
                maximum = value
            }
        }
        guard cursor < scalars.count, scalars[cursor] == 0x7D else { return nil }
        repeatEnd = cursor + 1
        return (minimum, maximum)
    }

    private mutating func applyRepetition(_ minimum: Int, _ maximum: Int?, from start: Int, previous: Int?,
                                          to frame: inout Frame) throws(RegexSyntaxError) {
        if peek() == 0x3F { index += 1 } // a non-greedy marker changes nothing a yes-or-no match sees
        if let previous { throw failure("invalid nested repetition operator", previous..<index) }
        guard let operand = frame.items.popLast() else { throw failure("missing argument to repetition operator", start..<index) }
        if minimum > Self.maximumRepeat || (maximum ?? 0) > Self.maximumRepeat || maximum.map({ $0 < minimum }) ?? false {
            throw failure("invalid repeat count", start..<index)
        }
        let node = RegexNode.repetition(operand, minimum: minimum, maximum: maximum)
        if (minimum >= 2 || (maximum ?? 0) >= 2), !Self.repeatIsValid(node, budget: Self.maximumRepeat) {
            throw failure("invalid repeat count", start..<index)
        }
        frame.items.append(node)
    }

    /// Whether nested repetitions multiply to at most `budget` copies of what they repeat.
    private static func repeatIsValid(_ node: RegexNode, budget: Int) -> Bool {
        var budget = budget
        switch node {
        case .repetition(let inner, let minimum, let maximum):
            let count = maximum ?? minimum
            if count == 0 && maximum != nil { return true }
            if count > budget { return false }
            if count > 0 { budget /= count }
            return repeatIsValid(inner, budget: budget)
        case .concatenation(let parts), .alternation(let parts):
            return parts.allSatisfy { repeatIsValid($0, budget: budget) }
        default:
            return true
        }
    }

    // MARK: Groups

    /// Reads `(?…`: a named group (whose outer flags are returned), a non-capturing group with
    /// flags (likewise), or flags alone for the rest of the current group (`nil`).
    private mutating func openPerlGroup() throws(RegexSyntaxError) -> Flags? {
        let start = index
        if peek(2) == 0x50 && peek(3) == 0x3C || peek(2) == 0x3C && peek(3) != 0x3D && peek(3) != 0x21 { // (?P< or (?<
            let nameStart = index + (peek(2) == 0x50 ? 4 : 3)
            var cursor = nameStart
            while cursor < scalars.count, scalars[cursor] != 0x3E { cursor += 1 }
            guard cursor < scalars.count else { throw failure("invalid named capture", start..<scalars.count) }
            let name = scalars[nameStart..<cursor]
            guard !name.isEmpty, name.allSatisfy({ RegexAssertion.isWord($0) }) else {
                throw failure("invalid named capture", start..<(cursor + 1))
            }
            index = cursor + 1
            return flags
        }
        index += 2
        var updated = flags
        var negated = false, sawFlag = false
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case 0x69: updated.foldsCase = !negated; sawFlag = true // i
            case 0x6D: updated.multiLine = !negated; sawFlag = true // m
            case 0x73: updated.dotMatchesNewline = !negated; sawFlag = true // s
            case 0x55: sawFlag = true // U: greediness changes nothing a yes-or-no match sees
            case 0x2D: // -
                if negated { throw failure("invalid or unsupported Perl syntax", start..<index) }
                negated = true
                sawFlag = false
            case 0x3A, 0x29: // : )
                if negated && !sawFlag { throw failure("invalid or unsupported Perl syntax", start..<index) }
                let outer = flags
                flags = updated
                return scalar == 0x3A ? outer : nil
            default:
                throw failure("invalid or unsupported Perl syntax", start..<index)
            }
        }
        throw failure("invalid or unsupported Perl syntax", start..<index)
    }

    // MARK: Escapes

    private mutating func parseEscapeAtom(into frame: inout Frame) throws(RegexSyntaxError) {
        switch peek(1) {
        case 0x41: frame.items.append(.assertion(.beginningOfText)); index += 2 // \A
        case 0x7A: frame.items.append(.assertion(.endOfText)); index += 2 // \z
        case 0x62: frame.items.append(.assertion(.wordBoundary)); index += 2 // \b
        case 0x42: frame.items.append(.assertion(.notWordBoundary)); index += 2 // \B
        case 0x51: // \Q…\E
            index += 2
            while index < scalars.count {
                if scalars[index] == 0x5C && peek(1) == 0x45 { index += 2; return }
                frame.items.append(literal(scalars[index]))
                index += 1
            }
        case 0x70, 0x50: // \p \P
            var characterClass = CharacterClass()
            characterClass.foldsCase = flags.foldsCase
            try parseUnicodeClass(into: &characterClass)
            characterClass.seal()
            frame.items.append(.characterClass(characterClass))
        default:
            if let perl = peek(1).flatMap(Self.perlClass) {
                var characterClass = CharacterClass()
                if perl.negated { characterClass.add(complementOf: perl.ranges) } else { characterClass.add(ranges: perl.ranges) }
                characterClass.seal()
                frame.items.append(.characterClass(characterClass))
                index += 2
                return
            }
            frame.items.append(literal(try parseEscape()))
        }
    }

    /// The scalar an escape at `index` stands for.
    private mutating func parseEscape() throws(RegexSyntaxError) -> UInt32 {
        let start = index
        guard let escaped = peek(1) else { throw failure("trailing backslash at end of expression", scalars.count..<scalars.count) }
        index += 2
        let invalid = failure("invalid escape sequence", start..<index)
        func isOctal(_ value: UInt32?) -> Bool { value.map { $0 >= 0x30 && $0 <= 0x37 } ?? false }
        func hex(_ value: UInt32?) -> UInt32? {
            guard let value else { return nil }
            switch value {
            case 0x30...0x39: return value - 0x30
            case 0x41...0x46: return value - 0x41 + 10
            case 0x61...0x66: return value - 0x61 + 10
            default: return nil
            }
        }
        switch escaped {
        case 0x31...0x37 where isOctal(peek()), 0x30:
            var value = escaped - 0x30
            for _ in 1..<3 where isOctal(peek()) {
                value = value * 8 + (scalars[index] - 0x30)
                index += 1
            }
            return value
        case 0x78: // x
            if peek() == 0x7B {
                index += 1
                var value: UInt32 = 0, digits = 0
                while let digit = hex(peek()) {
                    value = value * 16 + digit
                    digits += 1
                    index += 1
                    if value > CharacterClass.maximumScalar { throw failure("invalid escape sequence", start..<index) }
                }
                guard digits > 0, peek() == 0x7D else { throw failure("invalid escape sequence", start..<min(index + 1, scalars.count)) }
                index += 1
                return value
            }
            guard let high = hex(peek()), let low = hex(peek(1)) else { throw failure("invalid escape sequence", start..<min(index + 2, scalars.count)) }
            index += 2
            return high * 16 + low
        case 0x61: return 0x07 // a
        case 0x66: return 0x0C // f
        case 0x6E: return 0x0A // n
        case 0x72: return 0x0D // r
        case 0x74: return 0x09 // t
        case 0x76: return 0x0B // v
        default:
            let isAlphanumeric = (escaped >= 0x30 && escaped <= 0x39) || (escaped >= 0x41 && escaped <= 0x5A) || (escaped >= 0x61 && escaped <= 0x7A)
            if escaped < 0x80 && !isAlphanumeric { return escaped }
            throw invalid
        }
    }

    private static func perlClass(_ letter: UInt32) -> (ranges: [ClosedRange<UInt32>], negated: Bool)? {
        switch letter {
        case 0x64: return (digits, false) // d
        case 0x44: return (digits, true)
        case 0x73: return (space, false) // s
        case 0x53: return (space, true)
        case 0x77: return (word, false) // w
        case 0x57: return (word, true)
        default: return nil
        }
    }

    private static let digits: [ClosedRange<UInt32>] = [0x30...0x39]
    private static let space: [ClosedRange<UInt32>] = [0x09...0x0A, 0x0C...0x0D, 0x20...0x20]
    private static let word: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]

    private static let posixClasses: [String: [ClosedRange<UInt32>]] = [
        "alnum": [0x30...0x39, 0x41...0x5A, 0x61...0x7A], "alpha": [0x41...0x5A, 0x61...0x7A], "ascii": [0x00...0x7F],
        "blank": [0x09...0x09, 0x20...0x20], "cntrl": [0x00...0x1F, 0x7F...0x7F], "digit": [0x30...0x39], "graph": [0x21...0x7E],
        "lower": [0x61...0x7A], "print": [0x20...0x7E], "punct": [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E],
        "space": [0x09...0x0D, 0x20...0x20], "upper": [0x41...0x5A], "word": word, "xdigit": [0x30...0x39, 0x41...0x46, 0x61...0x66],
    ]

    /// `\pL`, `\p{Greek}`, `\P{…}`, `\p{^…}` at `index`.
    private mutating func parseUnicodeClass(into characterClass: inout CharacterClass) throws(RegexSyntaxError) {
        let start = index
        var negated = scalars[index + 1] == 0x50
        index += 2
        guard let first = peek() else { throw failure("invalid character class range", start..<scalars.count) }
        var name: String
        if first == 0x7B {
            var cursor = index + 1
            while cursor < scalars.count, scalars[cursor] != 0x7D { cursor += 1 }
            guard cursor < scalars.count else { throw failure("invalid character class range", start..<scalars.count) }
            name = text((index + 1)..<cursor)
            index = cursor + 1
        } else {
            name = text(index..<(index + 1))
            index += 1
        }
        if name.hasPrefix("^") {
            negated.toggle()
            name.removeFirst()
        }
        guard let property = UnicodeProperty(named: name, negated: negated) else {
            throw failure("invalid character class range", start..<index)
        }
        characterClass.add(property)
    }

    /// A bracketed class at `index`.
    private mutating func parseClass() throws(RegexSyntaxError) -> CharacterClass {
        let start = index
        index += 1
        var characterClass = CharacterClass()
        characterClass.foldsCase = flags.foldsCase
        if peek() == 0x5E { characterClass.isNegated = true; index += 1 }
        var first = true
        while let scalar = peek(), scalar != 0x5D || first {
            first = false
            // [:alpha:] and [:^alpha:]
            if scalar == 0x5B, peek(1) == 0x3A, let close = findPosixEnd() {
                var name = text((index + 2)..<close)
                let negated = name.hasPrefix("^")
                if negated { name.removeFirst() }
                guard let ranges = Self.posixClasses[name] else { throw failure("invalid character class range", index..<(close + 2)) }
                if negated { characterClass.add(complementOf: ranges) } else { characterClass.add(ranges: ranges) }
                index = close + 2
                continue
            }
            if scalar == 0x5C, let next = peek(1) {
                if next == 0x70 || next == 0x50 {
                    try parseUnicodeClass(into: &characterClass)
                    continue
                }
                if let perl = Self.perlClass(next) {
                    if perl.negated { characterClass.add(complementOf: perl.ranges) } else { characterClass.add(ranges: perl.ranges) }
                    index += 2
                    continue
                }
            }
            let rangeStart = index
            let low = try classScalar(classStart: start)
            var high = low
            if peek() == 0x2D, let after = peek(1), after != 0x5D {
                index += 1
                high = try classScalar(classStart: start)
                guard high >= low else { throw failure("invalid character class range", rangeStart..<index) }
            }
            characterClass.add(low, high)
        }
        guard peek() == 0x5D else { throw failure("missing closing ]", start..<scalars.count) }
        index += 1
        characterClass.seal()
        return characterClass
    }

    private func findPosixEnd() -> Int? {
        var cursor = index + 2
        while cursor + 1 < scalars.count {
            if scalars[cursor] == 0x3A && scalars[cursor + 1] == 0x5D { return cursor }
            cursor += 1
        }
        return nil
    }

    private mutating func classScalar(classStart: Int) throws(RegexSyntaxError) -> UInt32 {
        guard let scalar = peek() else { throw failure("missing closing ]", classStart..<scalars.count) }
        if scalar == 0x5C { return try parseEscape() }
        index += 1
        return scalar
    }
}
