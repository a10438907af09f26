/// The naming rule for components and graph nodes: a lowercase DNS label (RFC 1123).
public enum ComponentName {
    /// The longest name allowed.
    public static let maximumLength = 63

    /// Whether `name` is 1–63 characters of `a-z`, `0-9` and `-`, starting and ending with a
    /// letter or digit.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        guard isAlphanumeric(bytes.first!), isAlphanumeric(bytes.last!) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// Throws a ``ValidationError`` for `field` unless `name` is valid.
    public static func validate(_ name: String, field: String) throws {
        guard isValid(name) else {
            throw ValidationError(
                code: "invalid_name",
                message: "\(Quoted.prefix(name)) is not a lowercase DNS label (1-63 characters of a-z, 0-9 and '-', "
                    + "starting and ending with a letter or digit)",
                field: field
            )
        }
    }
}
