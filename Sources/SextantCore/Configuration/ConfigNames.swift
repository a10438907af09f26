/// The names configuration and secrets live under, checked where they enter.
public enum ConfigNames {
    /// The longest configuration key or secret path, in characters.
    public static let maximumKeyLength = 256

    /// An environment: a lowercase DNS label of 1 to 63 characters (`production`, `eu-staging`).
    public static func checkEnvironment(_ name: String, field: String = "environment") throws {
        let valid = (1...63).contains(name.utf8.count) && name.utf8.first != UInt8(ascii: "-") && name.utf8.last != UInt8(ascii: "-")
            && name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
        guard valid else {
            throw ValidationError(code: "invalid_name", message: "an environment is 1 to 63 lowercase letters, digits and '-', not starting or ending with '-'",
                                  field: field)
        }
    }

    /// A configuration key: 1 to 256 letters, digits, `_` and `-` in segments joined by `.`
    /// (`payments.db.host`), no segment empty.
    public static func checkKey(_ key: String, field: String = "key") throws {
        guard isSegmented(key, by: UInt8(ascii: ".")) else {
            throw ValidationError(code: "invalid_key", message: "a key is 1 to \(maximumKeyLength) letters, digits, '_' and '-' in segments joined by '.'",
                                  field: field)
        }
    }

    /// A key prefix for lists and watches: empty, or a key, optionally ending in `.`.
    public static func checkPrefix(_ prefix: String, field: String = "prefix") throws {
        guard prefix.isEmpty || isSegmented(prefix.hasSuffix(".") ? String(prefix.dropLast()) : prefix, by: UInt8(ascii: ".")) else {
            throw ValidationError(code: "invalid_prefix", message: "a prefix is empty or a key, optionally ending in '.'", field: field)
        }
    }

    /// A secret's path: 1 to 256 letters, digits, `_`, `-` and `.` in segments joined by `/`
    /// (`db/password`), no segment empty, `.` or `..`.
    public static func checkSecretPath(_ path: String, field: String = "path") throws {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard isSegmented(path, by: UInt8(ascii: "/"), allowing: UInt8(ascii: ".")), !segments.contains(where: { $0 == "." || $0 == ".." }) else {
            throw ValidationError(code: "invalid_path", message: "a secret path is 1 to \(maximumKeyLength) letters, digits, '_', '-' and '.' in segments joined by '/'",
                                  field: field)
        }
    }

    private static func isSegmented(_ text: String, by separator: UInt8, allowing extra: UInt8? = nil) -> Bool {
        guard (1...maximumKeyLength).contains(text.utf8.count) else { return false }
        var previous = separator
        for byte in text.utf8 {
            let allowed = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == extra
            if byte == separator {
                if previous == separator { return false }
            } else if !allowed {
                return false
            }
            previous = byte
        }
        return previous != separator
    }
}
