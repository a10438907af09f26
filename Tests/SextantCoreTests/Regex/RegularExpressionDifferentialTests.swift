import Foundation
import Testing

@testable import SextantCore

/// Random patterns of the constructs both engines share, matched against random texts: the
/// linear-time engine answers as ICU's backtracking one does.
@Suite("Regular expressions against ICU")
struct RegularExpressionDifferentialTests {
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static func pattern(_ random: inout Random, depth: Int = 0) -> String {
        let atoms = ["a", "b", "c", "0", ".", "[ab]", "[^a]", "[a-c0]", "\\d", "\\w", "(?:a|b)", "(?i:A)", "\\.", "[[:digit:]]"]
        var result = ""
        for _ in 0..<(1 + random.next(3)) {
            var atom = depth < 2 && random.next(4) == 0 ? "(" + pattern(&random, depth: depth + 1) + ")" : atoms[random.next(atoms.count)]
            switch random.next(7) {
            case 0: atom += "*"
            case 1: atom += "+"
            case 2: atom += "?"
            case 3: atom += "{\(random.next(2)),\(2 + random.next(2))}"
            default: break
            }
            result += atom
        }
        return random.next(5) == 0 ? result + "|" + pattern(&random, depth: depth + 1) : result
    }

    @Test func wholeMatchesAgreeWithICU() throws {
        var random = Random(state: 42)
        var compared = 0
        for _ in 0..<1_500 {
            let pattern = Self.pattern(&random)
            let ours = try RegularExpression(pattern, anchoring: .wholeText)
            let icu = try NSRegularExpression(pattern: "^(?:" + pattern + ")$")
            for _ in 0..<15 {
                let text = String((0..<random.next(8)).map { _ in Array("ab0c.A1")[random.next(7)] })
                let expected = icu.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
                #expect(ours.matches(text) == expected, "\(pattern) against \(text)")
                compared += 1
            }
        }
        #expect(compared == 22_500)
    }
}
