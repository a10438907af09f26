import Foundation
import Synchronization

/// Whether scalars belong to one script. Swift exposes no script property, so Foundation's ICU
/// answers, once per scalar (a one-class expression cannot backtrack), and the answer is kept.
final class ScriptMembership: Sendable, Equatable {
    let name: String
    private let expression: NSRegularExpression?
    private let known = Mutex<[UInt32: Bool]>([:])

    private static let shared = Mutex<[String: ScriptMembership]>([:])

    /// The membership test of script `name`, shared by every pattern that names it.
    static func named(_ name: String) -> ScriptMembership {
        shared.withLock { cache in
            if let existing = cache[name] { return existing }
            let created = ScriptMembership(name: name)
            cache[name] = created
            return created
        }
    }

    private init(name: String) {
        self.name = name
        expression = try? NSRegularExpression(pattern: "^\\p{\(name)}$")
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        if let answer = known.withLock({ $0[scalar.value] }) { return answer }
        let text = String(Character(scalar))
        let answer = expression?.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
        known.withLock { cache in
            if cache.count > 100_000 { cache.removeAll() }
            cache[scalar.value] = answer
        }
        return answer
    }

    static func == (left: ScriptMembership, right: ScriptMembership) -> Bool { left.name == right.name }
}
