import Foundation

/// Where an objective's event series needs minute buckets: in the hours a window's start falls
/// in. Every burn window ends now; the shorter ones (up to two hours) start in the last two
/// hours, which are kept as minutes; the longer ones (6 hours, a day, 3 days) start in an hour
/// of their own each. The window's own start needs minutes only while the rollups still hold
/// minutes there (a 7-day window, a calendar month's first days). Elsewhere whole hours give
/// every sum the same. Time slices are judged minute by minute, so their series keep every
/// minute.
public enum SLOResolution {
    /// How far ahead a held series is readied: once an hour it takes the minutes of the hours
    /// its windows' starts move into before the next time it is readied.
    public static let lookahead: Int64 = RollupRetention.hour

    /// Where `slo`'s series needs minutes at any time from `now` through `later`, with the
    /// rollups keeping minutes for `minuteRetention` seconds.
    public static func minuteHours(for slo: ServiceLevelObjective, from now: Int64, through later: Int64, minuteRetention: Int64) -> MinuteHours {
        if case .timeslices = slo.budgeting { return MinuteHours(since: .min) }
        let hour = RollupRetention.hour
        let since = RollupRetention.hourBucket(now) - 2 * hour
        // A window start moving with time passes through every hour between its two places.
        func passed(from start: Int64, to end: Int64) -> [Int64] {
            Array(stride(from: RollupRetention.hourBucket(start), through: RollupRetention.hourBucket(end), by: Int(hour)))
        }
        var hours = [BurnWindow.sixHours, .oneDay, .threeDays].flatMap { passed(from: now - $0.seconds, to: later - $0.seconds) }
        func windowStart(at time: Int64) -> Int64 {
            Int64(slo.window.bounds(at: Date(timeIntervalSince1970: Double(time))).start.timeIntervalSince1970)
        }
        let (startNow, startLater) = (windowStart(at: now), windowStart(at: later))
        if startNow >= now - minuteRetention - hour {
            if case .rolling = slo.window {
                hours += passed(from: startNow, to: startLater)
            } else {
                hours += [RollupRetention.hourBucket(startNow), RollupRetention.hourBucket(startLater)]
            }
        }
        return MinuteHours(since: since, hours: hours)
    }

    /// Whether a held series is readied at `now`, given its `phase` (a minute of the hour,
    /// 0–59, its own): each series is readied once an hour from its minute on, so that the
    /// cycle after the hour does not read minutes for them all at once.
    public static func readies(phase: Int, at now: Int64) -> Bool {
        Int((now - RollupRetention.hourBucket(now)) / 60) >= phase
    }
}
