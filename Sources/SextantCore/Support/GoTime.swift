import Foundation

/// Instants written as Go's `time.Time` marshals them to JSON (RFC 3339 with up to nine
/// fractional digits, trailing zeros dropped), as Alertmanager's bodies carry them.
public enum GoTime {
    /// Go's zero time, which Alertmanager writes as the `endsAt` of a firing alert.
    public static let zero = "0001-01-01T00:00:00Z"

    public static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        var nanos = Int(((date.timeIntervalSince1970 - seconds) * 1e9).rounded())
        var whole = Date(timeIntervalSince1970: seconds)
        if nanos >= 1_000_000_000 {
            nanos -= 1_000_000_000
            whole = whole.addingTimeInterval(1)
        }
        let base = whole.formatted(Date.ISO8601FormatStyle().year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
        guard nanos > 0 else { return base + "Z" }
        var fraction = String(nanos)
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return base + "." + fraction + "Z"
    }

    /// RFC 3339 with exactly three fractional digits, as Alertmanager's API writes its times
    /// (go-openapi's `strfmt.DateTime`).
    public static func formatMilliseconds(_ date: Date) -> String {
        let milliseconds = ((date.timeIntervalSince1970 * 1e6).rounded() / 1000).rounded(.down)
        let whole = Date(timeIntervalSince1970: (milliseconds / 1000).rounded(.down))
        let fraction = Int(milliseconds - (milliseconds / 1000).rounded(.down) * 1000)
        let base = whole.formatted(Date.ISO8601FormatStyle().year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
        let digits = String(fraction)
        return base + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// Parses RFC 3339 with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }
}
