/// Where an event series is held as minutes: every minute from `since` on, and the hours
/// starting at `hours` before it (where a window's start falls); whole hours elsewhere.
public struct MinuteHours: Sendable, Equatable {
    /// Minutes from here on (an hour's start; `.min` for every minute).
    public var since: Int64
    /// Hour starts before `since` held as minutes, ascending.
    public private(set) var hours: [Int64]

    public init(since: Int64, hours: [Int64] = []) {
        self.since = since
        self.hours = Array(Set(hours.filter { $0 < since })).sorted()
    }

    /// Whole hours everywhere.
    public static let none = MinuteHours(since: .max)

    /// Minutes wherever either needs them.
    public func union(_ other: MinuteHours) -> MinuteHours {
        MinuteHours(since: min(since, other.since), hours: hours + other.hours)
    }

    /// Whether the hour starting at `hour` is held as minutes.
    public func keepsMinutes(inHourStarting hour: Int64) -> Bool {
        hour >= since || hours.contains(hour)
    }
}
