import Foundation

/// Where an objective's event series needs minute buckets: near the edges of its windows.
/// Every burn window ends now and reaches back at most three days, so minutes older than that
/// (an hour to spare) can be merged into hours without changing any burn rate; the window's own
/// start needs minutes only while the rollups still hold minutes there (a 7-day window, a
/// calendar month's first days). Time slices are judged minute by minute, so their series keep
/// every minute.
public enum SLOResolution {
    /// The hour before which `slo`'s minute buckets may be merged into hours at `now`, with the
    /// rollups keeping minutes for `minuteRetention` seconds.
    public static func coarsenBefore(for slo: ServiceLevelObjective, at now: Int64, minuteRetention: Int64) -> Int64 {
        if case .timeslices = slo.budgeting { return .min }
        let burnEdge = RollupRetention.hourBucket(now - BurnWindow.threeDays.seconds) - RollupRetention.hour
        let windowStart = Int64(slo.window.bounds(at: Date(timeIntervalSince1970: Double(now))).start.timeIntervalSince1970)
        guard windowStart >= now - minuteRetention - RollupRetention.hour else { return burnEdge }
        return min(burnEdge, RollupRetention.hourBucket(windowStart) - RollupRetention.hour)
    }

    /// Whether a held series merges its minutes at `now`, given its `phase` (a minute of the
    /// hour, 0–59, its own): each series merges once an hour from its minute on, so that the
    /// cycle after the hour does not merge them all at once. A merge that waits keeps more
    /// minutes than needed, never fewer.
    public static func merges(phase: Int, at now: Int64) -> Bool {
        Int((now - RollupRetention.hourBucket(now)) / 60) >= phase
    }
}
