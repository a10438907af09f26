/// Why a pattern is not a regular expression in RE2's syntax, in Go's words.
public struct RegexSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Go's error code text, such as `missing closing )`.
    public let reason: String
    /// The part of the pattern at fault.
    public let expression: String

    public var description: String {
        let shown = expression.count > Quoted.maximumCharacters ? expression.prefix(Quoted.maximumCharacters) + "…" : Substring(expression)
        return "\(reason): `\(shown)`"
    }
}
