import Foundation

/// Durations written as Prometheus writes them: `500ms`, `30s`, `5m`, `1h30m`, `8d`, `2w`, `1y`.
public enum DurationText {
    private static let units: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400), ("w", 604_800), ("y", 31_536_000),
    ]

    /// The longest duration accepted: 100 years. Longer texts (`99999999999999999999h`) are not
    /// durations, so that no duration can overflow a timestamp or a count of milliseconds.
    public static let maximumSeconds: Double = 100 * 31_536_000

    /// The duration in seconds, or `nil` when the text is not a duration of at most
    /// ``maximumSeconds``.
    public static func seconds(_ text: String) -> Double? {
        guard text.utf8.count <= 64 else { return nil }
        var remaining = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !remaining.isEmpty else { return nil }
        var total = 0.0
        while !remaining.isEmpty {
            let digits = remaining.prefix { $0.isASCII && $0.isNumber }
            guard let number = Double(digits), !digits.isEmpty else { return nil }
            remaining = remaining.dropFirst(digits.count)
            let letters = remaining.prefix { $0.isLetter }
            guard let unit = units.first(where: { $0.suffix == letters }) else { return nil }
            remaining = remaining.dropFirst(letters.count)
            total += number * unit.seconds
            guard total <= maximumSeconds else { return nil }
        }
        return total
    }

    /// The duration of `text` in seconds, `nil` when there is no text; throws a
    /// ``ValidationError`` naming `field` when the text is not a duration.
    public static func seconds(_ text: String?, field: String?) throws -> Double? {
        guard let text else { return nil }
        guard let value = seconds(text) else {
            throw ValidationError(code: "invalid_duration", message: "\(Quoted.prefix(text)) is not a duration such as 30s, 5m or 1h (at most 100y)", field: field)
        }
        return value
    }

    /// The shortest text for a whole number of seconds: `300` → `5m`, `5400` → `1h30m`.
    public static func format(seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) <= maximumSeconds else { return "\(seconds)s" }
        guard seconds >= 1, seconds == seconds.rounded() else { return "\(Int((seconds * 1000).rounded()))ms" }
        var remaining = Int(seconds)
        var text = ""
        for (suffix, size) in units.reversed() where size >= 1 && suffix != "w" && suffix != "y" {
            let count = remaining / Int(size)
            if count > 0 {
                text += "\(count)\(suffix)"
                remaining -= count * Int(size)
            }
        }
        return text
    }
}
