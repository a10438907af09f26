/// Runs a ``RegexProgram`` over a text as a Thompson (Pike) machine: every thread advances
/// one scalar at a time in lock step, and a program position is held by at most one thread,
/// so the time taken is at most the text's length times the program's size — never more,
/// whatever the pattern.
struct RegexMachine {
    /// The positions of the live threads, each at most once (a sparse set).
    private struct ThreadSet {
        var dense: [Int32]
        var sparse: [Int32]
        var count = 0

        init(capacity: Int) {
            dense = Array(repeating: 0, count: capacity)
            sparse = Array(repeating: 0, count: capacity)
        }

        @inline(__always)
        func contains(_ position: Int) -> Bool {
            let slot = Int(sparse[position])
            return slot < count && dense[slot] == Int32(position)
        }

        @inline(__always)
        mutating func insert(_ position: Int) {
            sparse[position] = Int32(count)
            dense[count] = Int32(position)
            count += 1
        }
    }

    /// Whether `program` matches somewhere in `text` (at its start only, if the program is
    /// anchored there).
    static func matches(_ program: RegexProgram, in text: String) -> Bool {
        let instructions = program.instructions
        let size = instructions.count
        var current = ThreadSet(capacity: size)
        var next = ThreadSet(capacity: size)
        var pending: [Int] = []
        pending.reserveCapacity(16)
        var matched = false

        func add(_ start: Int, to set: inout ThreadSet, previous: UInt32?, upcoming: UInt32?) {
            pending.append(start)
            while let position = pending.popLast() {
                if set.contains(position) { continue }
                set.insert(position)
                switch instructions[position] {
                case .jump(let target): pending.append(target)
                case .split(let first, let second):
                    pending.append(second)
                    pending.append(first)
                case .assertion(let assertion):
                    if assertion.holds(previous: previous, next: upcoming) { pending.append(position + 1) }
                case .match: matched = true
                case .scalar, .scalarFoldingCase, .characterClass: break
                }
            }
        }

        var scalars = text.unicodeScalars.makeIterator()
        var upcoming = scalars.next()?.value
        add(0, to: &current, previous: nil, upcoming: upcoming)
        while !matched {
            guard let scalar = upcoming else { break }
            if current.count == 0 && program.isAnchoredAtStart { return false }
            let after = scalars.next()?.value
            next.count = 0
            for slot in 0..<current.count {
                let position = Int(current.dense[slot])
                let advances: Bool
                switch instructions[position] {
                case .scalar(let value): advances = value == scalar
                case .scalarFoldingCase(let value): advances = CaseFolding.equal(value, scalar)
                case .characterClass(let index): advances = program.classes[index].contains(scalar)
                default: advances = false
                }
                if advances { add(position + 1, to: &next, previous: scalar, upcoming: after) }
                if matched { return true }
            }
            if !program.isAnchoredAtStart { add(0, to: &next, previous: scalar, upcoming: after) }
            swap(&current, &next)
            upcoming = after
        }
        return matched
    }
}
