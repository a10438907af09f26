import Foundation
import SextantCore
import Testing

/// Minutes only where a window's edge needs them: an objective's status is the same from the
/// coarsened series as from every minute the rollups hold, and the series is less than half.
@Suite("SLO series resolution")
struct SLOResolutionTests {
    static let day: Int64 = 86_400
    static let retention: Int64 = 8 * 86_400

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var slo: ServiceLevelObjective
        var now: Int64
        /// Hours back from now's hour to the cutoff; `nil` when nothing may be merged.
        var hoursBack: Int64?
        var testDescription: String { name }
    }

    // `now` is 2026-11-02T00:00:00Z plus 30 minutes; the longest burn window reaches back 3 days,
    // one more hour spare: minutes before 73 hours ago merge, unless the window starts later.
    @Test(arguments: [
        Case(name: "30-day window: minutes for the burn windows only", slo: availability(99.9), now: origin + 1_800, hoursBack: 73),
        Case(name: "7-day window: its start still has minutes, kept from an hour before it",
             slo: availability(99.9, window: .rolling(days: 7)), now: origin + 1_800, hoursBack: 7 * 24 + 1),
        Case(name: "a calendar month 5 days in: minutes from the month's start",
             slo: availability(99.9, window: .calendarMonth(timeZone: "UTC")), now: 1_796_083_200 + 5 * 86_400 + 1_800,
             hoursBack: 5 * 24 + 1),
        Case(name: "a calendar month 20 days in: its start has hours only",
             slo: availability(99.9, window: .calendarMonth(timeZone: "UTC")), now: 1_796_083_200 + 20 * 86_400 + 1_800, hoursBack: 73),
        Case(name: "time slices are judged by the minute: nothing merges",
             slo: { var slo = availability(99.9); slo.budgeting = .timeslices(sliceSeconds: 300, sliceTarget: 0.95); return slo }(),
             now: origin + 1_800, hoursBack: nil),
    ])
    func theCutoffLeavesMinutesWhereAWindowEdgeNeedsThem(_ test: Case) {
        let cutoff = SLOResolution.coarsenBefore(for: test.slo, at: test.now, minuteRetention: Self.retention)
        let hour = RollupRetention.hourBucket(test.now)
        #expect(cutoff == test.hoursBack.map { hour - $0 * 3_600 } ?? .min, "\(test.name): \((hour - cutoff) / 3_600) hours back")
    }

    /// Minutes for the last 8 days, hours before, with bursts of failures: as the rollups hold them.
    static func rollups(until now: Int64, seed: UInt64) -> [EventBucket] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let minutesFrom = RollupRetention.hourBucket(now - retention)
        var buckets: [EventBucket] = []
        var start = RollupRetention.hourBucket(now - 40 * day)
        while start <= now {
            let length: Int64 = start < minutesFrom ? 3_600 : 60
            let total = Double(length) * Double(1 + next() % 20)
            let bad = next() % 200 == 0 ? total / 4 : Double(next() % 3)
            buckets.append(EventBucket(start: start, length: length, good: total - bad, total: total))
            start += length
        }
        return buckets
    }

    @Test(arguments: [availability(99.9), availability(99.5, window: .rolling(days: 7)), availability(99.9, window: .rolling(days: 3)),
                      availability(99.9, window: .calendarMonth(timeZone: "Asia/Kolkata"))])
    func theStatusFromTheCoarsenedSeriesIsTheStatusFromEveryMinute(_ slo: ServiceLevelObjective) {
        let now = origin + 1_234
        let full = EventSeries(Self.rollups(until: now, seed: 3))
        var coarse = full
        let cutoff = SLOResolution.coarsenBefore(for: slo, at: now, minuteRetention: Self.retention)
        coarse.coarsen(before: cutoff)
        // Merging while the series is built gives the same buckets.
        #expect(EventSeries(Self.rollups(until: now, seed: 3), coarsenedBefore: cutoff).buckets == coarse.buckets)
        #expect(SLOCalculator.status(of: slo, series: coarse, at: Date(timeIntervalSince1970: Double(now)))
                == SLOCalculator.status(of: slo, series: full, at: Date(timeIntervalSince1970: Double(now))))
        if slo.window == .rolling(days: 30) {
            // 8 days of minutes and 32 of hours become 3 days of minutes and 37 of hours.
            #expect(full.count > 12_000 && coarse.count < 5_300, "\(full.count) buckets, \(coarse.count) coarsened")
        }
    }

    @Test func anIncrementallyKeptSeriesMatchesAFreshReadEveryHalfMinute() {
        let slo = availability(99.9)
        let start = origin + 1_234
        let all = Self.rollups(until: start + 3 * 3_600, seed: 9)
        func read(from: Int64, to: Int64) -> [EventBucket] { all.filter { $0.start >= from && $0.start < to } }
        var kept = EventSeries(read(from: start - 40 * Self.day, to: start + 1))
        kept.coarsen(before: SLOResolution.coarsenBefore(for: slo, at: start, minuteRetention: Self.retention))
        var now = start
        while now < start + 3 * 3_600 {
            now += 30
            let rereadFrom = kept.lastStart! - 300
            kept.replace(from: rereadFrom, with: read(from: rereadFrom, to: now + 1))
            kept.drop(before: RollupRetention.hourBucket(now - 31 * Self.day))
            // Each series merges in its own minute of the hour: this one at minute 17.
            if SLOResolution.merges(phase: 17, at: now) {
                kept.coarsen(before: SLOResolution.coarsenBefore(for: slo, at: now, minuteRetention: Self.retention))
            }
            let fresh = EventSeries(read(from: RollupRetention.hourBucket(now - 31 * Self.day), to: now + 1))
            let at = Date(timeIntervalSince1970: Double(now))
            guard SLOCalculator.status(of: slo, series: kept, at: at) == SLOCalculator.status(of: slo, series: fresh, at: at) else {
                Issue.record("the kept series differs from a fresh read at +\(now - start) s")
                return
            }
        }
        #expect(kept.count < 5_300, "\(kept.count) buckets kept")
    }

    static let mergeTimes: [(phase: Int, secondsIntoTheHour: Int64, merges: Bool)] = [
        (0, 0, true), (17, 1_019, false), (17, 1_020, true), (59, 3_599, true), (59, 3_660, false),
    ]

    @Test func aSeriesMergesFromItsOwnMinuteOfTheHour() {
        for row in Self.mergeTimes {
            #expect(SLOResolution.merges(phase: row.phase, at: origin + row.secondsIntoTheHour) == row.merges, "\(row)")
        }
    }

    @Test func coarseningMergesMinutesIntoTheirHourAndKeepsEverySum() {
        var series = EventSeries([
            EventBucket(start: 0, length: 3_600, good: 10, total: 12),
            EventBucket(start: 3_600, good: 1, total: 1), EventBucket(start: 3_660, good: 2, total: 3),
            EventBucket(start: 7_200, good: 4, total: 4), EventBucket(start: 10_800, good: 5, total: 6),
        ])
        series.coarsen(before: 10_800)
        #expect(series.buckets == [
            EventBucket(start: 0, length: 3_600, good: 10, total: 12), EventBucket(start: 3_600, length: 3_600, good: 3, total: 4),
            EventBucket(start: 7_200, length: 3_600, good: 4, total: 4), EventBucket(start: 10_800, good: 5, total: 6),
        ])
        #expect(series.sum(from: 0, to: 20_000) == EventCount(good: 22, total: 26))
        #expect(series.sum(from: 10_800, to: 20_000) == EventCount(good: 5, total: 6))
    }
}
