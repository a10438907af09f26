/// Values written into SQL text, for the few statements where binding each value costs more
/// than running the statement. Valid on SQLite and on PostgreSQL (whose strings are standard
/// conforming: a backslash is an ordinary character).
enum SQLText {
    /// A string literal: quoted, with quotes doubled. Text holding a NUL character, which
    /// neither engine stores, has it dropped.
    static func literal(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == 0 }) { return "'" + text + "'" }
        var result = "'"
        result.reserveCapacity(text.utf8.count + 2)
        for character in text.unicodeScalars {
            switch character {
            case "'": result += "''"
            case "\0": continue
            default: result.unicodeScalars.append(character)
            }
        }
        return result + "'"
    }
}
