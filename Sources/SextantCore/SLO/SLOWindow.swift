import Foundation

/// The period an objective is judged over: the last N days, or the current calendar month in
/// a time zone (which starts afresh at the month boundary).
public enum SLOWindow: Sendable, Equatable, Hashable {
    /// The last `days` days, ending now.
    case rolling(days: Int)
    /// The calendar month holding now, in `timeZone` (an IANA identifier).
    case calendarMonth(timeZone: String)

    /// The longest rolling window accepted, in days.
    public static let maximumDays = 90

    /// The window's bounds at `now`: where it starts, and how long it is in all (a calendar
    /// month's full length, even while it is still running).
    public func bounds(at now: Date) -> (start: Date, length: TimeInterval) {
        switch self {
        case .rolling(let days):
            let length = Double(days) * 86_400
            return (now.addingTimeInterval(-length), length)
        case .calendarMonth(let identifier):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0)!
            let components = calendar.dateComponents([.year, .month], from: now)
            let start = calendar.date(from: components) ?? now
            let next = calendar.date(byAdding: .month, value: 1, to: start) ?? now
            return (start, next.timeIntervalSince(start))
        }
    }

    /// The window's length in days at `now` (a calendar month's full length).
    public func days(at now: Date) -> Double {
        bounds(at: now).length / 86_400
    }

    /// The suffix of the window's series names: `30d`, or `1M` for a calendar month.
    public var metricSuffix: String {
        switch self {
        case .rolling(let days): return "\(days)d"
        case .calendarMonth: return "1M"
        }
    }

    /// A short name: `30d`, or `month(Europe/Berlin)`.
    public var label: String {
        switch self {
        case .rolling(let days): return "\(days)d"
        case .calendarMonth(let zone): return "month(\(zone))"
        }
    }
}

extension SLOWindow: Codable {
    private enum Keys: String, CodingKey { case calendar, timeZone }

    /// Decodes `"30d"` (rolling) or `{calendar: month, timeZone: Europe/Berlin}`.
    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            guard text.hasSuffix("d"), let days = Int(text.dropLast()), (1...Self.maximumDays).contains(days) else {
                throw ValidationError(
                    code: "invalid_window",
                    message: "window \(Quoted.prefix(text)) is not a rolling window of 1d to \(Self.maximumDays)d, such as 7d, 28d or 30d",
                    field: FieldPath.render(decoder.codingPath)
                )
            }
            self = .rolling(days: days)
            return
        }
        try decoder.rejectUnknownKeys(["calendar", "timeZone"])
        let container = try decoder.container(keyedBy: Keys.self)
        let unit = try container.decode(String.self, forKey: .calendar)
        guard unit == "month" else {
            throw ValidationError(
                code: "invalid_window", message: "calendar windows are months: use calendar: month",
                field: FieldPath.render(decoder.codingPath + [Keys.calendar])
            )
        }
        let zone = try container.decodeIfPresent(String.self, forKey: .timeZone) ?? "UTC"
        guard TimeZone(identifier: zone) != nil else {
            throw ValidationError(
                code: "invalid_time_zone", message: "unknown time zone \(Quoted.prefix(zone)); use an IANA name such as Europe/Berlin",
                field: FieldPath.render(decoder.codingPath + [Keys.timeZone])
            )
        }
        self = .calendarMonth(timeZone: zone)
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .rolling(let days):
            var container = encoder.singleValueContainer()
            try container.encode("\(days)d")
        case .calendarMonth(let zone):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("month", forKey: .calendar)
            try container.encode(zone, forKey: .timeZone)
        }
    }
}
