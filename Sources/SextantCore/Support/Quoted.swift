/// Quotes user input in error messages: short input whole, long input as a short prefix with
/// its size, so that an error never echoes back a megabyte.
public enum Quoted {
    /// The most characters of input an error message quotes.
    public static let maximumCharacters = 64

    /// `'text'`, or `'first characters…' (N bytes)` when the text is long.
    public static func prefix(_ text: some StringProtocol) -> String {
        guard text.count > maximumCharacters else { return "'\(text)'" }
        return "'\(text.prefix(maximumCharacters))…' (\(text.utf8.count) bytes)"
    }
}
