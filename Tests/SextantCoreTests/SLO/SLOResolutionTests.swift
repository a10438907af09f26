import Foundation
import SextantCore
import Testing

/// Minutes only in the hours a window's start falls in: an objective's status is the same from
/// such a series as from every minute the rollups hold, and the series is a tenth as long.
@Suite("SLO series resolution")
struct SLOResolutionTests {
    static let day: Int64 = 86_400
    static let retention: Int64 = 8 * 86_400

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var slo: ServiceLevelObjective
        var now: Int64
        var through: Int64
        /// Hours back from now's hour to the hours kept as minutes before the last two; `nil`
        /// when every minute is kept.
        var hoursBack: [Int64]?
        var testDescription: String { name }
    }

    // `now` is 2026-11-02T00:00:00Z plus 30 minutes: the last two hours are kept as minutes, and
    // the hours the 6-hour, 1-day and 3-day windows start in (and, readied an hour ahead, the
    // hours after them).
    @Test(arguments: [
        Case(name: "30-day window: the burn windows' starts", slo: availability(99.9), now: origin + 1_800, through: origin + 1_800,
             hoursBack: [72, 24, 6]),
        Case(name: "an hour ahead: the hours they move into too", slo: availability(99.9), now: origin + 1_800, through: origin + 5_400,
             hoursBack: [72, 71, 24, 23, 6, 5]),
        Case(name: "7-day window: its start still has minutes",
             slo: availability(99.9, window: .rolling(days: 7)), now: origin + 1_800, through: origin + 5_400,
             hoursBack: [168, 167, 72, 71, 24, 23, 6, 5]),
        Case(name: "a calendar month 5 days in: the month's first hour",
             slo: availability(99.9, window: .calendarMonth(timeZone: "UTC")), now: 1_796_083_200 + 5 * 86_400 + 1_800,
             through: 1_796_083_200 + 5 * 86_400 + 5_400, hoursBack: [120, 72, 71, 24, 23, 6, 5]),
        Case(name: "a calendar month 20 days in: its start has hours only",
             slo: availability(99.9, window: .calendarMonth(timeZone: "UTC")), now: 1_796_083_200 + 20 * 86_400 + 1_800,
             through: 1_796_083_200 + 20 * 86_400 + 1_800, hoursBack: [72, 24, 6]),
        Case(name: "time slices are judged by the minute: every minute",
             slo: { var slo = availability(99.9); slo.budgeting = .timeslices(sliceSeconds: 300, sliceTarget: 0.95); return slo }(),
             now: origin + 1_800, through: origin + 5_400, hoursBack: nil),
    ])
    func minutesAreKeptWhereAWindowStarts(_ test: Case) {
        let needs = SLOResolution.minuteHours(for: test.slo, from: test.now, through: test.through, minuteRetention: Self.retention)
        let hour = RollupRetention.hourBucket(test.now)
        if let hoursBack = test.hoursBack {
            #expect(needs.since == hour - 2 * 3_600)
            #expect(needs.hours.map { (hour - $0) / 3_600 } == hoursBack, "\(test.name)")
        } else {
            #expect(needs == MinuteHours(since: .min))
        }
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

    static let windows = [availability(99.9), availability(99.5, window: .rolling(days: 7)), availability(99.9, window: .rolling(days: 3)),
                          availability(99.9, window: .calendarMonth(timeZone: "Asia/Kolkata"))]

    /// A series readied at `now` holds its minutes an hour ahead: every status until then is
    /// the status from every minute.
    @Test(arguments: windows)
    func theStatusFromTheCoarsenedSeriesIsTheStatusFromEveryMinute(_ slo: ServiceLevelObjective) {
        let now = origin + 1_234
        let later = now + SLOResolution.lookahead
        let full = EventSeries(Self.rollups(until: later, seed: 3))
        let needs = SLOResolution.minuteHours(for: slo, from: now, through: later, minuteRetention: Self.retention)
        var coarse = full
        coarse.coarsen(keeping: needs)
        // Merging while the series is built gives the same buckets.
        #expect(EventSeries(Self.rollups(until: later, seed: 3), keeping: needs).buckets == coarse.buckets)
        for time in stride(from: now, through: later, by: 120) {
            let at = Date(timeIntervalSince1970: Double(time))
            #expect(SLOCalculator.status(of: slo, series: coarse, at: at) == SLOCalculator.status(of: slo, series: full, at: at), "at +\(time - now) s")
        }
        if slo.window == .rolling(days: 30) {
            // 8 days of minutes and 32 of hours become under 10 hours of minutes (the last three,
            // the hour ahead, six where windows start) and 40 days of hours.
            #expect(full.count > 12_000 && coarse.count < 1_600, "\(full.count) buckets, \(coarse.count) coarsened")
        }
    }

    /// As the evaluator keeps a series: read once with minutes where its windows start (this
    /// hour and the next), then every half minute its newest minutes read again; once an hour,
    /// in its own minute, minutes no longer needed merged and the hours its windows' starts
    /// move into next read as minutes; an hour needed now and held whole read at once.
    @Test(arguments: windows)
    func anIncrementallyKeptSeriesMatchesAFreshReadEveryHalfMinute(_ slo: ServiceLevelObjective) {
        let start = origin + 1_234
        let all = Self.rollups(until: start + 5 * 3_600, seed: 9)
        func read(from: Int64, to: Int64) -> [EventBucket] { all.filter { $0.start >= from && $0.start < to } }
        func needs(through later: Int64, at now: Int64) -> MinuteHours {
            SLOResolution.minuteHours(for: slo, from: now, through: later, minuteRetention: Self.retention)
        }
        func split(_ hours: [Int64]) {
            for hour in hours { kept.replace(from: hour, to: hour + 3_600, with: read(from: hour, to: hour + 3_600)) }
        }
        var kept = EventSeries(read(from: start - 40 * Self.day, to: start + 1))
        kept.coarsen(keeping: needs(through: start + SLOResolution.lookahead, at: start))
        var readied = RollupRetention.hourBucket(start)
        var now = start
        var splits = 0
        while now < start + 5 * 3_600 {
            now += 30
            let rereadFrom = kept.lastStart! - 300
            kept.replace(from: rereadFrom, with: read(from: rereadFrom, to: now + 1))
            kept.drop(before: RollupRetention.hourBucket(now - 41 * Self.day))
            let earliest = RollupRetention.hourBucket(now - Self.retention)
            // Each series is readied in its own minute of the hour: this one at minute 17.
            if SLOResolution.readies(phase: 17, at: now), readied < RollupRetention.hourBucket(now) {
                let wanted = needs(through: now + SLOResolution.lookahead, at: now)
                kept.coarsen(keeping: wanted)
                let whole = kept.hoursHeldWhole(where: wanted, from: earliest)
                splits += whole.count
                split(whole)
                readied = RollupRetention.hourBucket(now)
            }
            let missing = kept.hoursHeldWhole(where: needs(through: now, at: now), from: earliest)
            #expect(missing.isEmpty, "hours \(missing) needed and held whole at +\(now - start) s")
            split(missing)
            let fresh = EventSeries(read(from: RollupRetention.hourBucket(now - 41 * Self.day), to: now + 1))
            let at = Date(timeIntervalSince1970: Double(now))
            guard SLOCalculator.status(of: slo, series: kept, at: at) == SLOCalculator.status(of: slo, series: fresh, at: at) else {
                Issue.record("the kept series differs from a fresh read at +\(now - start) s")
                return
            }
        }
        #expect(splits > 0 && kept.count < 1_700, "\(kept.count) buckets kept, \(splits) hours split")
    }

    @Test func anHourHeldWholeIsSplitIntoItsMinutesAndMergedAgain() {
        let minutes = [EventBucket(start: 3_600, good: 1, total: 1), EventBucket(start: 3_660, good: 2, total: 3)]
        var series = EventSeries([
            EventBucket(start: 0, length: 3_600, good: 10, total: 12), EventBucket(start: 3_600, length: 3_600, good: 3, total: 4),
            EventBucket(start: 7_200, length: 3_600, good: 4, total: 4), EventBucket(start: 10_800, good: 5, total: 6),
        ])
        let needs = MinuteHours(since: 10_800, hours: [3_600])
        #expect(series.hoursHeldWhole(where: needs, from: 0) == [3_600])
        series.replace(from: 3_600, to: 7_200, with: minutes)
        #expect(series.hoursHeldWhole(where: needs, from: 0).isEmpty)
        #expect(series.sum(from: 3_660, to: 20_000) == EventCount(good: 11, total: 13))
        #expect(series.sum(from: 0, to: 20_000) == EventCount(good: 22, total: 26))
        series.coarsen(keeping: needs)
        #expect(series.buckets.count == 5)
        series.coarsen(keeping: MinuteHours(since: 10_800))
        #expect(series.buckets.count == 4 && series.sum(from: 3_600, to: 7_200) == EventCount(good: 3, total: 4))
        // An hour held whole among the last hours is found too.
        #expect(series.hoursHeldWhole(where: MinuteHours(since: 3_600), from: 0) == [3_600, 7_200])
    }

    static let readyTimes: [(phase: Int, secondsIntoTheHour: Int64, readies: Bool)] = [
        (0, 0, true), (17, 1_019, false), (17, 1_020, true), (59, 3_599, true), (59, 3_660, false),
    ]

    @Test func aSeriesIsReadiedFromItsOwnMinuteOfTheHour() {
        for row in Self.readyTimes {
            #expect(SLOResolution.readies(phase: row.phase, at: origin + row.secondsIntoTheHour) == row.readies, "\(row)")
        }
    }

    @Test func coarseningMergesMinutesIntoTheirHourAndKeepsEverySum() {
        var series = EventSeries([
            EventBucket(start: 0, length: 3_600, good: 10, total: 12),
            EventBucket(start: 3_600, good: 1, total: 1), EventBucket(start: 3_660, good: 2, total: 3),
            EventBucket(start: 7_200, good: 4, total: 4), EventBucket(start: 10_800, good: 5, total: 6),
        ])
        series.coarsen(keeping: MinuteHours(since: 10_800))
        #expect(series.buckets == [
            EventBucket(start: 0, length: 3_600, good: 10, total: 12), EventBucket(start: 3_600, length: 3_600, good: 3, total: 4),
            EventBucket(start: 7_200, length: 3_600, good: 4, total: 4), EventBucket(start: 10_800, good: 5, total: 6),
        ])
        #expect(series.sum(from: 0, to: 20_000) == EventCount(good: 22, total: 26))
        #expect(series.sum(from: 10_800, to: 20_000) == EventCount(good: 5, total: 6))
    }
}
