import Foundation

/// One of Alertmanager's recurring time intervals: every field that is given must hold (times
/// of day, weekdays, days of the month, months, years), in `location` (UTC by default).
public struct RecurringInterval: Sendable, Equatable {
    /// Minutes of the day, start included, end excluded.
    public var times: [ClosedRange<Int>] = []
    /// 1 = Sunday … 7 = Saturday, as `Calendar` counts.
    public var weekdays: [ClosedRange<Int>] = []
    /// Days of the month, first and last included; negative days count from the end (-1 is
    /// the last day).
    public var daysOfMonth: [DayRange] = []

    public struct DayRange: Sendable, Equatable {
        public var first: Int
        public var last: Int
    }
    public var months: [ClosedRange<Int>] = []
    public var years: [ClosedRange<Int>] = []
    public var location: TimeZone = TimeZone(identifier: "UTC")!

    public init() {}

    /// Whether `date` falls inside the interval.
    public func contains(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = location
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        let minute = parts.hour! * 60 + parts.minute!
        if !times.isEmpty, !times.contains(where: { minute >= $0.lowerBound && minute < $0.upperBound }) { return false }
        if !weekdays.isEmpty, !weekdays.contains(where: { $0.contains(parts.weekday!) }) { return false }
        if !months.isEmpty, !months.contains(where: { $0.contains(parts.month!) }) { return false }
        if !years.isEmpty, !years.contains(where: { $0.contains(parts.year!) }) { return false }
        if !daysOfMonth.isEmpty {
            let length = calendar.range(of: .day, in: .month, for: date)!.count
            func resolve(_ day: Int) -> Int { day < 0 ? length + day + 1 : day }
            if !daysOfMonth.contains(where: { resolve($0.first) <= parts.day! && parts.day! <= resolve($0.last) }) { return false }
        }
        return true
    }
}

extension RecurringInterval: Decodable {
    private struct Times: Decodable {
        var start_time: String
        var end_time: String
    }

    private enum CodingKeys: String, CodingKey { case times, weekdays, days_of_month, months, years, location }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["times", "weekdays", "days_of_month", "months", "years", "location"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        for time in try container.decodeIfPresent([Times].self, forKey: .times) ?? [] {
            let start = try Self.minuteOfDay(time.start_time), end = try Self.minuteOfDay(time.end_time)
            guard start < end else { throw ValidationError(message: "start_time \(time.start_time) must be before end_time \(time.end_time)", field: "times") }
            times.append(start...end)
        }
        weekdays = try Self.ranges(container.decodeIfPresent([String].self, forKey: .weekdays), names: Self.weekdayNames, offset: 1, bounds: 1...7, field: "weekdays")
        months = try Self.ranges(container.decodeIfPresent([String].self, forKey: .months), names: Self.monthNames, offset: 1, bounds: 1...12, field: "months")
        years = try Self.ranges(container.decodeIfPresent([String].self, forKey: .years), names: [], offset: 0, bounds: 1...9999, field: "years")
        for item in try container.decodeIfPresent([String].self, forKey: .days_of_month) ?? [] {
            let ends = item.split(separator: ":", maxSplits: 1).map { Int($0) }
            guard let first = ends.first ?? nil, let last = ends.count == 2 ? ends[1] : first,
                  first != 0, last != 0, (-31...31).contains(first), (-31...31).contains(last),
                  (first.signum() == last.signum() ? first <= last : first > 0) else {
                throw ValidationError(message: "\(Quoted.prefix(item)) is not a valid range of days of the month", field: "days_of_month")
            }
            daysOfMonth.append(DayRange(first: first, last: last))
        }
        if let name = try container.decodeIfPresent(String.self, forKey: .location) {
            guard let zone = name == "Local" ? TimeZone.current : TimeZone(identifier: name) else {
                throw ValidationError(message: "unknown location \(Quoted.prefix(name))", field: "location")
            }
            location = zone
        }
    }

    static let weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

    private static func minuteOfDay(_ text: String) throws -> Int {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...24).contains(hour), (0..<60).contains(minute),
              hour * 60 + minute <= 1_440 else {
            throw ValidationError(message: "\(Quoted.prefix(text)) is not a time of day (HH:MM)", field: "times")
        }
        return hour * 60 + minute
    }

    private static func ranges(_ items: [String]?, names: [String], offset: Int, bounds: ClosedRange<Int>, field: String) throws -> [ClosedRange<Int>] {
        try (items ?? []).map { item in
            func value(_ text: Substring) throws -> Int {
                let lower = text.lowercased()
                if let index = names.firstIndex(of: lower) { return index + offset }
                guard let number = Int(lower), bounds.contains(number) else {
                    throw ValidationError(message: "\(Quoted.prefix(text)) is not a valid value in \(field)", field: field)
                }
                return number
            }
            let ends = item.split(separator: ":", maxSplits: 1)
            let start = try value(ends[0]), end = ends.count == 2 ? try value(ends[1]) : start
            guard start <= end else {
                throw ValidationError(message: "range \(Quoted.prefix(item)) ends before it starts", field: field)
            }
            return start...end
        }
    }
}
