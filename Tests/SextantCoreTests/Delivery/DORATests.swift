import Foundation
import Testing

@testable import SextantCore

/// DORA's figures over a scripted history, worked out by hand, and the tiers of the 2023 report.
@Suite("DORA figures")
struct DORATests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let hour = 3_600.0, day = 86_400.0

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    @Test func aScriptedHistoryGivesTheFiguresWorkedOutByHand() {
        let releases = [
            // Deployed after 2 h; commits 4 h and 10 h before that.
            ReleaseOutcome(service: "api", startedAt: Self.at(0), deployedAt: Self.at(2 * Self.hour),
                           commitTimes: [Self.at(-2 * Self.hour), Self.at(-8 * Self.hour)]),
            // Deployed a day later; a page 30 minutes after it, resolved 90 minutes after that: the
            // failure of this release (in production when it started), not of the one before.
            ReleaseOutcome(service: "api", startedAt: Self.at(Self.day), deployedAt: Self.at(Self.day + Self.hour),
                           commitTimes: [Self.at(Self.day - 5 * Self.hour)]),
            // Took traffic and was rolled back: failed, recovered 20 minutes later.
            ReleaseOutcome(service: "api", startedAt: Self.at(2 * Self.day), deployedAt: nil, commitTimes: [Self.at(2 * Self.day - Self.hour)],
                           failedAt: Self.at(2 * Self.day + 600), recoveredAt: Self.at(2 * Self.day + 1_800)),
            // Aborted before taking traffic: neither a deployment nor a failure.
            ReleaseOutcome(service: "api", startedAt: Self.at(3 * Self.day), deployedAt: nil),
            // Deployed; a page on another service, and one explained elsewhere: not its failure.
            ReleaseOutcome(service: "api", startedAt: Self.at(4 * Self.day), deployedAt: Self.at(4 * Self.day + Self.hour),
                           commitTimes: [Self.at(4 * Self.day - 23 * Self.hour)]),
            // Outside the period.
            ReleaseOutcome(service: "api", startedAt: Self.at(20 * Self.day), deployedAt: Self.at(20 * Self.day)),
        ]
        let pages = [
            PageAlert(service: "api", startsAt: Self.at(Self.day + Self.hour + 1_800), resolvedAt: Self.at(Self.day + Self.hour + 7_200)),
            PageAlert(service: "cart", startsAt: Self.at(4 * Self.day + 2 * Self.hour), resolvedAt: nil),
            PageAlert(service: "api", startsAt: Self.at(4 * Self.day + 3 * Self.hour), resolvedAt: nil, explainedElsewhere: true),
        ]
        let figures = DORAFigures.of(releases, pages: pages, from: Self.t0, to: Self.at(7 * Self.day), failureWindow: Self.day)
        #expect(figures.deployments == 3)
        #expect(abs(figures.deploymentsPerDay - 3.0 / 7) < 1e-9)
        // Lead times: 4 h, 10 h, 6 h, 24 h → median of four: (6 + 10) / 2 = 8 h.
        #expect(figures.leadTimeSeconds == 8 * Self.hour)
        // Four took traffic (three deployed, one rolled back); two failed.
        #expect(figures.failedChanges == 2 && figures.changeFailureRate == 0.5)
        // Recoveries: 20 minutes and 90 minutes → 55 minutes.
        #expect(abs((figures.recoverySeconds ?? 0) - 55 * 60) < 1e-6)
        #expect(figures.tiers == ["deploymentFrequency": .high, "leadTime": .elite, "changeFailureRate": .low, "recoveryTime": .elite])
    }

    @Test func anEmptyPeriodHasNoRatesAndTheLowestFrequency() {
        let figures = DORAFigures.of([], pages: [], from: Self.t0, to: Self.at(Self.day), failureWindow: Self.day)
        #expect(figures.deployments == 0 && figures.leadTimeSeconds == nil && figures.changeFailureRate == nil && figures.recoverySeconds == nil)
        #expect(figures.tiers == ["deploymentFrequency": .low])
    }

    @Test func theTiersOfThe2023Report() {
        let tiers = DORATiers.edition2023
        let table: [(perDay: Double, lead: Double, rate: Double, recovery: Double, tier: DORATiers.Tier)] = [
            (3, 3_600, 0.05, 600, .elite),
            (1, 86_399, 0.0, 3_599, .elite),
            (0.5, 86_400, 0.06, 3_600, .high),
            (1.0 / 7, 6 * Self.day, 0.10, 23 * Self.hour, .high),
            (0.1, 7 * Self.day, 0.11, Self.day, .medium),
            (1.0 / 30, 29 * Self.day, 0.15, 6 * Self.day, .medium),
            (0.01, 30 * Self.day, 0.64, 7 * Self.day, .low),
        ]
        for row in table {
            #expect(tiers.tier(deploymentsPerDay: row.perDay) == row.tier, "\(row)")
            #expect(tiers.tier(leadTimeSeconds: row.lead) == row.tier, "\(row)")
            #expect(tiers.tier(changeFailureRate: row.rate) == row.tier, "\(row)")
            #expect(tiers.tier(recoverySeconds: row.recovery) == row.tier, "\(row)")
        }
    }
}
