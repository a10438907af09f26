/// LogQL's tokens, each with the column it starts at (1-based, for error messages).
struct LogQLToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case string(String)
        case number(Double)
        /// A duration such as `5m` or `1h30m`, in seconds.
        case duration(Double)
        /// Punctuation and operators: `{ } ( ) [ ] , | |= != |~ !~ = =~ == > >= < <= + - * / % ^`.
        case symbol(String)
        case end
    }

    var kind: Kind
    var column: Int
}

enum LogQLLexer {
    static let symbols = ["|=", "|~", "!=", "!~", "=~", "==", ">=", "<=", "{", "}", "(", ")", "[", "]", ",", "|", "=", ">", "<", "+", "-", "*", "/", "%", "^"]

    static func tokens(_ text: String) throws -> [LogQLToken] {
        let characters = Array(text.unicodeScalars)
        var tokens: [LogQLToken] = []
        var index = 0
        func fail(_ message: String, at position: Int) -> ValidationError {
            LogQL.error(message, column: position + 1)
        }
        while index < characters.count {
            let character = characters[index]
            if character.properties.isWhitespace {
                index += 1
                continue
            }
            let start = index
            if character == "\"" || character == "`" {
                let quote = character
                var value = String.UnicodeScalarView()
                index += 1
                var closed = false
                while index < characters.count {
                    let next = characters[index]
                    if next == quote { closed = true; index += 1; break }
                    if quote == "\"" && next == "\\" {
                        guard index + 1 < characters.count else { break }
                        let escaped = characters[index + 1]
                        switch escaped {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "r": value.append("\r")
                        case "\\", "\"", "'": value.append(escaped)
                        case "u":
                            guard index + 5 < characters.count, let code = UInt32(String(String.UnicodeScalarView(characters[(index + 2)...(index + 5)])), radix: 16),
                                  let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape", at: index) }
                            value.append(scalar)
                            index += 4
                        default:
                            // Regular expressions keep their escapes: `\d`, `\.`.
                            value.append("\\")
                            value.append(escaped)
                        }
                        index += 2
                        continue
                    }
                    value.append(next)
                    index += 1
                }
                guard closed else { throw fail("unterminated string", at: start) }
                tokens.append(LogQLToken(kind: .string(String(value)), column: start + 1))
                continue
            }
            if character.properties.isAlphabetic || character == "_" {
                while index < characters.count, characters[index].properties.isAlphabetic || characters[index] == "_"
                        || ("0"..."9").contains(characters[index]) {
                    index += 1
                }
                tokens.append(LogQLToken(kind: .identifier(String(String.UnicodeScalarView(characters[start..<index]))), column: start + 1))
                continue
            }
            if ("0"..."9").contains(character) || (character == "." && index + 1 < characters.count && ("0"..."9").contains(characters[index + 1])) {
                while index < characters.count, ("0"..."9").contains(characters[index]) || characters[index] == "." || characters[index] == "e"
                        && index + 1 < characters.count && (("0"..."9").contains(characters[index + 1]) || characters[index + 1] == "-") {
                    if characters[index] == "e" { index += 1 }
                    index += 1
                }
                // A unit right after the digits makes a duration: 5m, 250ms, 1h30m.
                if index < characters.count, characters[index].properties.isAlphabetic {
                    while index < characters.count, characters[index].properties.isAlphabetic || ("0"..."9").contains(characters[index]) || characters[index] == "." {
                        index += 1
                    }
                    let text = String(String.UnicodeScalarView(characters[start..<index]))
                    guard let seconds = DurationText.seconds(text) ?? LogQL.goDuration(text) else { throw fail("invalid duration \(text)", at: start) }
                    tokens.append(LogQLToken(kind: .duration(seconds), column: start + 1))
                    continue
                }
                let text = String(String.UnicodeScalarView(characters[start..<index]))
                guard let number = Double(text) else { throw fail("invalid number \(text)", at: start) }
                tokens.append(LogQLToken(kind: .number(number), column: start + 1))
                continue
            }
            let rest = String(String.UnicodeScalarView(characters[index..<min(characters.count, index + 2)]))
            guard let symbol = symbols.first(where: { rest.hasPrefix($0) }) else {
                throw fail("unexpected character \(Quoted.prefix(String(character)))", at: index)
            }
            tokens.append(LogQLToken(kind: .symbol(symbol), column: start + 1))
            index += symbol.unicodeScalars.count
        }
        tokens.append(LogQLToken(kind: .end, column: characters.count + 1))
        return tokens
    }
}
