import Foundation

/// `application/x-www-form-urlencoded` text (HTML forms' bodies, and query strings as Go reads
/// them): `&`-separated `name=value` pairs, `+` meaning a space, then percent-decoding. A part
/// whose escapes do not decode stays as sent, or is empty when `keepsUndecodable` is false.
enum FormEncoding {
    static func pairs(_ text: String, keepsUndecodable: Bool = true) -> [(name: String, value: String)] {
        text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String { part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? (keepsUndecodable ? String(part) : "") }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
