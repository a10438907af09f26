/// Values written into SQL text, for the few statements where binding each value costs more
/// than running the statement. Valid on SQLite and on PostgreSQL (whose strings are standard
/// conforming: a backslash is an ordinary character).
enum SQLText {
    /// Appends `text` (UTF-8) as a string literal: quoted, with quotes doubled. A NUL byte,
    /// which neither engine stores in text, is dropped.
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
