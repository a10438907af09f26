/// A regular expression compiled for a Thompson machine: instructions that consume one scalar,
/// and instructions that branch or test a position without consuming.
struct RegexProgram: Sendable {
    enum Instruction: Sendable {
        case scalar(UInt32)
        case scalarFoldingCase(UInt32)
        case characterClass(Int)
        case split(Int, Int)
        case jump(Int)
        case assertion(RegexAssertion)
        case match
    }

    /// The most instructions a compiled expression may have.
    static let maximumSize = 20_000

    private(set) var instructions: [Instruction] = []
    private(set) var classes: [CharacterClass] = []
    /// Whether a match can only start at the beginning of the text.
    private(set) var isAnchoredAtStart = false

    /// Compiles `node`; throws when the program would exceed ``maximumSize``.
    init(_ node: RegexNode, pattern: String) throws(RegexSyntaxError) {
        guard Self.size(of: node) <= Self.maximumSize else {
            throw RegexSyntaxError(reason: "expression too large", expression: pattern)
        }
        emit(node)
        instructions.append(.match)
        if case .assertion(.beginningOfText)? = instructions.first { isAnchoredAtStart = true }
    }

    /// An upper bound of the instructions `node` compiles to, computed without compiling.
    private static func size(of node: RegexNode) -> Int {
        switch node {
        case .empty: return 0
        case .scalar, .characterClass, .assertion: return 1
        case .concatenation(let parts): return parts.reduce(0) { min(Int.max / 2, $0 + size(of: $1)) }
        case .alternation(let branches): return branches.reduce(0) { min(Int.max / 2, $0 + size(of: $1) + 2) }
        case .repetition(let inner, let minimum, let maximum):
            let copies = max(1, maximum ?? (minimum + 1))
            return min(Int.max / 2, (size(of: inner) + 2) * copies)
        }
    }

    private mutating func emit(_ node: RegexNode) {
        switch node {
        case .empty:
            return
        case .scalar(let value, let foldsCase):
            instructions.append(foldsCase ? .scalarFoldingCase(value) : .scalar(value))
        case .characterClass(let characterClass):
            classes.append(characterClass)
            instructions.append(.characterClass(classes.count - 1))
        case .assertion(let assertion):
            instructions.append(.assertion(assertion))
        case .concatenation(let parts):
            for part in parts { emit(part) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (offset, branch) in branches.enumerated() {
                if offset == branches.count - 1 {
                    emit(branch)
                } else {
                    let split = instructions.count
                    instructions.append(.split(split + 1, 0))
                    emit(branch)
                    jumps.append(instructions.count)
                    instructions.append(.jump(0))
                    instructions[split] = .split(split + 1, instructions.count)
                }
            }
            for jump in jumps { instructions[jump] = .jump(instructions.count) }
        case .repetition(let inner, let minimum, let maximum):
            for _ in 0..<minimum { emit(inner) }
            guard let maximum else {
                // inner*: split to the body or out; the body jumps back.
                let split = instructions.count
                instructions.append(.split(split + 1, 0))
                emit(inner)
                instructions.append(.jump(split))
                instructions[split] = .split(split + 1, instructions.count)
                return
            }
            // Each optional copy: x? x? …, which matches what x(x(x)?)? matches.
            for _ in minimum..<max(minimum, maximum) {
                let split = instructions.count
                instructions.append(.split(split + 1, 0))
                emit(inner)
                instructions[split] = .split(split + 1, instructions.count)
            }
        }
    }
}
