import Foundation

/// A 5-field cron expression: minute, hour, day of month, month, day of week.
///
/// Fields take `*`, numbers, ranges (`1-5`), steps (`*/15`, `0-30/10`), lists (`1,15`), and names
/// for months (`JAN`) and weekdays (`MON`; `0` and `7` are both Sunday). The macros `@yearly`,
/// `@monthly`, `@weekly`, `@daily` (`@midnight`) and `@hourly` stand for their usual expressions.
///
/// As in Vixie cron, when both day of month and day of week are restricted, a day matches if
/// either does. In a time zone with daylight saving, a time skipped by the spring change does not
/// fire that day, and a time repeated by the autumn change fires once.
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    let minutes: UInt64
    let hours: UInt64
    let daysOfMonth: UInt64
    let months: UInt64
    let daysOfWeek: UInt64
    let restrictsDayOfMonth: Bool
    let restrictsDayOfWeek: Bool

    /// The text it was parsed from.
    public let description: String

    private static let macros = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    private static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// Parses an expression, throwing ``ValidationError`` naming the field at fault.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expanded = Self.macros[trimmed.lowercased()] ?? trimmed
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ValidationError(code: "invalid_cron", message: "\(Quoted.prefix(text)) is not a cron expression: it needs 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        minutes = try Self.parse(fields[0], name: "minute", range: 0...59, names: [])
        hours = try Self.parse(fields[1], name: "hour", range: 0...23, names: [])
        daysOfMonth = try Self.parse(fields[2], name: "day of month", range: 1...31, names: [])
        months = try Self.parse(fields[3], name: "month", range: 1...12, names: Self.monthNames, firstName: 1)
        let weekdays = try Self.parse(fields[4], name: "day of week", range: 0...7, names: Self.dayNames)
        daysOfWeek = (weekdays & 0x7F) | (weekdays >> 7)  // 7 is Sunday too
        restrictsDayOfMonth = !fields[2].hasPrefix("*")
        restrictsDayOfWeek = !fields[4].hasPrefix("*")
        description = trimmed
    }

    private static func parse(_ field: String, name: String, range: ClosedRange<Int>, names: [String], firstName: Int = 0) throws -> UInt64 {
        func invalid(_ why: String) -> ValidationError {
            ValidationError(code: "invalid_cron", message: "cron \(name) field \(Quoted.prefix(field)): \(why)")
        }
        func value(_ text: Substring) throws -> Int {
            if let number = Int(text) {
                guard range.contains(number) else { throw invalid("\(number) is outside \(range.lowerBound)-\(range.upperBound)") }
                return number
            }
            if let index = names.firstIndex(of: text.uppercased()) { return index + firstName }
            throw invalid("\(Quoted.prefix(text)) is not a number\(names.isEmpty ? "" : " or a name")")
        }
        var bits: UInt64 = 0
        for part in field.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, let base = pieces.first, !base.isEmpty else { throw invalid("\(Quoted.prefix(part)) is malformed") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else { throw invalid("step \(Quoted.prefix(pieces[1])) must be a positive number") }
                step = parsed
            }
            let lower: Int, upper: Int
            if base == "*" {
                (lower, upper) = (range.lowerBound, range.upperBound)
            } else if let dash = base.firstIndex(of: "-") {
                lower = try value(base[..<dash])
                upper = try value(base[base.index(after: dash)...])
                guard lower <= upper else { throw invalid("range \(base) runs backwards") }
            } else {
                lower = try value(base)
                upper = pieces.count == 2 ? range.upperBound : lower
            }
            for number in stride(from: lower, through: upper, by: step) { bits |= 1 << UInt64(number) }
        }
        return bits
    }

    private func matches(_ bits: UInt64, _ value: Int) -> Bool {
        bits & (1 << UInt64(value)) != 0
    }

    /// Whether the day (in the expression's calendar) matches the day fields.
    private func matchesDay(dayOfMonth: Int, weekday: Int) -> Bool {
        let byMonthDay = matches(daysOfMonth, dayOfMonth)
        let byWeekday = matches(daysOfWeek, weekday)
        if restrictsDayOfMonth && restrictsDayOfWeek { return byMonthDay || byWeekday }
        return byMonthDay && byWeekday
    }

    /// The first instant strictly after `date` that the expression matches in `timeZone`, or
    /// `nil` if none comes within five years (an impossible date such as February 30).
    public func nextFire(after date: Date, in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let previous = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let wallClockBefore = Self.wallClock(previous)
        // The next whole minute in absolute time (rebuilding it from wall-clock parts could land an
        // hour early inside a repeated autumn hour).
        var candidate = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60)
        let limit = date.addingTimeInterval(5 * 366 * 86_400)
        while candidate < limit {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: candidate)
            guard let month = parts.month, let day = parts.day, let hour = parts.hour, let minute = parts.minute, let weekday = parts.weekday else {
                return nil
            }
            if !matches(months, month) {
                guard let next = calendar.date(from: DateComponents(year: parts.year, month: month, day: 1)),
                      let following = calendar.date(byAdding: .month, value: 1, to: next) else { return nil }
                candidate = following
            } else if !matchesDay(dayOfMonth: day, weekday: weekday - 1) {
                guard let start = calendar.date(from: DateComponents(year: parts.year, month: month, day: day)),
                      let following = calendar.date(byAdding: .day, value: 1, to: start) else { return nil }
                candidate = following
            } else if !matches(hours, hour) {
                guard let start = calendar.date(from: DateComponents(year: parts.year, month: month, day: day, hour: hour)),
                      let following = calendar.date(byAdding: .hour, value: 1, to: start) else { return nil }
                candidate = following
            } else if !matches(minutes, minute) {
                candidate = candidate.addingTimeInterval(60)
            } else if Self.wallClock(parts) <= wallClockBefore {
                // The autumn change repeats an hour: this wall-clock time has already fired.
                candidate = candidate.addingTimeInterval(60)
            } else {
                return candidate
            }
        }
        return nil
    }

    private static func wallClock(_ parts: DateComponents) -> Int {
        (((parts.year ?? 0) * 100 + (parts.month ?? 0)) * 100 + (parts.day ?? 0)) * 10_000 + (parts.hour ?? 0) * 100 + (parts.minute ?? 0)
    }
}
