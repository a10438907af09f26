/// Digits and letters, as key texts use them.
enum Base62 {
    static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func contains(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }

    /// `value` in base 62, left-padded with zeros to `width`.
    static func encode(_ value: UInt64, width: Int) -> String {
        var value = value
        var text: [Character] = []
        repeat {
            text.append(digits[Int(value % 62)])
            value /= 62
        } while value > 0
        while text.count < width { text.append("0") }
        return String(text.reversed())
    }
}
