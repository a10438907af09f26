import Foundation

/// Instants written as Go's `time.Time` marshals them to JSON (RFC 3339 with up to nine
/// fractional digits, trailing zeros dropped), as Alertmanager's bodies carry them.
public enum GoTime {
    /// Go's zero time, which Alertmanager writes as the `endsAt` of a firing alert.
    public static let zero = "0001-01-01T00:00:00Z"

    public static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        var nanos = Int(((date.timeIntervalSince1970 - seconds) * 1e9).rounded())
        var whole = seconds
        if nanos >= 1_000_000_000 {
            nanos -= 1_000_000_000
            whole += 1
        }
        let base = civilText(whole)
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
        let whole = (milliseconds / 1000).rounded(.down)
        let fraction = Int(milliseconds - whole * 1000)
        guard var bytes = civilBytes(whole) else {
            let digits = String(fraction)
            return civilText(whole) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
        }
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10))
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `YYYY-MM-DDTHH:MM:SS` in UTC for whole seconds since 1970, worked out with integers
    /// (Howard Hinnant's days-to-civil algorithm) for years 1–9999, the years RFC 3339 can
    /// write; other instants go through Foundation.
    static func civilText(_ seconds: Double) -> String {
        guard let bytes = civilBytes(seconds) else {
            return Date(timeIntervalSince1970: seconds).formatted(
                Date.ISO8601FormatStyle().year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes of `civilText`, with room for a fraction and a zone; nil outside years 1–9999.
    private static func civilBytes(_ seconds: Double) -> [UInt8]? {
        // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
        guard seconds >= -62_135_596_800, seconds <= 253_402_300_799 else { return nil }
        let total = Int(seconds)
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var bytes = [UInt8](repeating: UInt8(ascii: "0"), count: 19)
        bytes.reserveCapacity(32)
        func put(_ value: Int, at index: Int, width: Int) {
            var value = value
            for position in stride(from: index + width - 1, through: index, by: -1) {
                bytes[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(year, at: 0, width: 4)
        bytes[4] = UInt8(ascii: "-")
        put(month, at: 5, width: 2)
        bytes[7] = UInt8(ascii: "-")
        put(day, at: 8, width: 2)
        bytes[10] = UInt8(ascii: "T")
        put(secondOfDay / 3_600, at: 11, width: 2)
        bytes[13] = UInt8(ascii: ":")
        put(secondOfDay / 60 % 60, at: 14, width: 2)
        bytes[16] = UInt8(ascii: ":")
        put(secondOfDay % 60, at: 17, width: 2)
        return bytes
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
