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
        if let date = parseRFC3339(Array(text.utf8)) { return date }
        return parseWithFormatStyle(text)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, read directly (the common case, and fast).
    static func parseRFC3339(_ bytes: [UInt8]) -> Date? {
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] | 0x20 == UInt8(ascii: "t"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        // Nanoseconds as an integer, so that a time written by `format` reads back as the same instant.
        var nanoseconds = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 48 && bytes[index] <= 57 {
                if index - start < 9 { nanoseconds = nanoseconds * 10 + Int(bytes[index] - 48) }
                index += 1
            }
            guard index > start else { return nil }
            for _ in min(index - start, 9)..<9 { nanoseconds *= 10 }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        if bytes[index] | 0x20 == UInt8(ascii: "z") {
            guard index + 1 == bytes.count else { return nil }
        } else {
            guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), index + 6 == bytes.count,
                  bytes[index + 3] == UInt8(ascii: ":"), let hours = number(index + 1, 2), let minutes = number(index + 4, 2) else { return nil }
            offset = (hours * 3_600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        }
        // Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1e9)
    }

    private static func parseWithFormatStyle(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }
}
