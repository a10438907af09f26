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

    /// Appends `text` (UTF-8) as a string literal, the same way as ``literal(_:)``.
    static func appendLiteral(_ text: [UInt8], to sql: inout [UInt8]) {
        sql.append(UInt8(ascii: "'"))
        if !text.contains(where: { $0 == UInt8(ascii: "'") || $0 == 0 }) {
            sql.append(contentsOf: text)
        } else {
            for byte in text where byte != 0 {
                sql.append(byte)
                if byte == UInt8(ascii: "'") { sql.append(byte) }
            }
        }
        sql.append(UInt8(ascii: "'"))
    }
}
