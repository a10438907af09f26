import Foundation

/// The instants Sextant accepts: years 1 to 9999, as RFC 3339 can write them. Any time taken
/// from a request, a file or a peer outside these bounds is refused, so that no timestamp can
/// overflow a count of milliseconds.
public enum TimeBounds {
    /// 0001-01-01T00:00:00Z.
    public static let earliest = Date(timeIntervalSince1970: -62_135_596_800)
    /// 9999-12-31T23:59:59Z.
    public static let latest = Date(timeIntervalSince1970: 253_402_300_799)

    /// Whether `date` lies within the bounds.
    public static func contains(_ date: Date) -> Bool {
        date >= earliest && date <= latest
    }

    /// Whether `seconds` since 1970 lie within the bounds (and are a number).
    public static func contains(secondsSince1970 seconds: Double) -> Bool {
        seconds.isFinite && contains(Date(timeIntervalSince1970: seconds))
    }

    /// `date` moved inside the bounds.
    public static func clamped(_ date: Date) -> Date {
        guard date.timeIntervalSince1970.isFinite else { return date.timeIntervalSince1970 < 0 ? earliest : date.timeIntervalSince1970 > 0 ? latest : Date(timeIntervalSince1970: 0) }
        return min(max(date, earliest), latest)
    }
}
