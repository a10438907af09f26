import Foundation
import Testing
import SextantCore

@Suite("Cron expressions and schedules")
struct CronTests {
    static func date(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let expression: String
        let zone: String
        let after: String
        let next: String
        var testDescription: String { "\(expression) [\(zone)] after \(after)" }

        init(_ expression: String, _ after: String, _ next: String, zone: String = "UTC") {
            self.expression = expression
            self.after = after
            self.next = next
            self.zone = zone
        }
    }

    static let cases: [Case] = [
        Case("*/15 * * * *", "2026-11-23T10:07:30Z", "2026-11-23T10:15:00Z"),
        Case("*/15 * * * *", "2026-11-23T10:45:00Z", "2026-11-23T11:00:00Z"),
        Case("0 2 * * *", "2026-11-23T01:59:00Z", "2026-11-23T02:00:00Z"),
        Case("0 2 * * *", "2026-11-23T02:00:00Z", "2026-11-24T02:00:00Z"),
        Case("0 0 31 * *", "2026-01-31T12:00:00Z", "2026-03-31T00:00:00Z"),          // February has no 31st
        Case("0 0 31 * *", "2026-04-01T00:00:00Z", "2026-05-31T00:00:00Z"),          // nor April
        Case("0 0 29 2 *", "2025-03-01T00:00:00Z", "2028-02-29T00:00:00Z"),          // the next leap year
        Case("59 23 31 12 *", "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z"),
        Case("0 9 * * 1-5", "2026-11-27T10:00:00Z", "2026-11-30T09:00:00Z"),         // Friday → Monday
        Case("0 0 13 * 5", "2026-11-01T00:00:00Z", "2026-11-06T00:00:00Z"),          // the 13th OR a Friday
        Case("0 0 13 * 5", "2026-11-12T00:00:00Z", "2026-11-13T00:00:00Z"),
        Case("0 0 1 * MON", "2026-11-24T00:00:00Z", "2026-11-30T00:00:00Z"),
        Case("30 4 1,15 * *", "2026-11-02T00:00:00Z", "2026-11-15T04:30:00Z"),
        Case("0 22 * * 1-5/2", "2026-11-24T23:00:00Z", "2026-11-25T22:00:00Z"),      // Mon, Wed, Fri
        Case("0 22 * * 1-5/2", "2026-11-25T23:00:00Z", "2026-11-27T22:00:00Z"),
        Case("10-20/5 * * * *", "2026-11-23T10:16:00Z", "2026-11-23T10:20:00Z"),
        Case("5/20 * * * *", "2026-11-23T10:26:00Z", "2026-11-23T10:45:00Z"),
        Case("0 12 * JAN,JUL SUN", "2026-11-23T00:00:00Z", "2027-01-03T12:00:00Z"),
        Case("0 0 * * 7", "2026-11-23T00:00:00Z", "2026-11-29T00:00:00Z"),           // 7 is Sunday
        Case("@hourly", "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z"),
        Case("@daily", "2026-11-23T10:00:00Z", "2026-11-24T00:00:00Z"),
        Case("@weekly", "2026-11-23T10:00:00Z", "2026-11-29T00:00:00Z"),
        Case("@monthly", "2026-11-23T10:00:00Z", "2026-12-01T00:00:00Z"),
        Case("@yearly", "2026-11-23T10:00:00Z", "2027-01-01T00:00:00Z"),
        // Berlin: 09:00 local is 08:00Z in winter, 07:00Z in summer (from 29 March 2026).
        Case("0 9 * * *", "2026-03-28T12:00:00Z", "2026-03-29T07:00:00Z", zone: "Europe/Berlin"),
        Case("0 9 * * *", "2026-03-27T12:00:00Z", "2026-03-28T08:00:00Z", zone: "Europe/Berlin"),
        // 02:30 does not exist on 29 March 2026 in Berlin: that day does not fire.
        Case("30 2 * * *", "2026-03-28T02:00:00Z", "2026-03-30T00:30:00Z", zone: "Europe/Berlin"),
        // 02:30 happens twice on 25 October 2026 in Berlin: it fires once.
        Case("30 2 * * *", "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", zone: "Europe/Berlin"),
        Case("30 2 * * *", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z", zone: "Europe/Berlin"),
        Case("30 2 * * *", "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z", zone: "Europe/Berlin"),
        Case("0 0 * * *", "2026-11-23T00:00:00Z", "2026-11-23T15:00:00Z", zone: "Asia/Tokyo"),
    ]

    @Test("next fire", arguments: cases)
    func nextFire(_ testCase: Case) throws {
        let expression = try CronExpression(testCase.expression)
        let zone = try #require(TimeZone(identifier: testCase.zone))
        #expect(expression.nextFire(after: Self.date(testCase.after), in: zone) == Self.date(testCase.next))
    }

    @Test(arguments: ["60 * * * *", "* * * *", "* * * * * * *", "*/0 * * * *", "5-1 * * * *", "* * 0 * *",
                      "* * * 13 *", "* * * * 8", "foo * * * *", "1,,2 * * * *", "* * * FOO *", "@sometimes"])
    func refusesMalformedExpressions(_ text: String) {
        #expect(throws: ValidationError.self) { try CronExpression(text) }
    }

    @Test func anImpossibleDateNeverFires() throws {
        #expect(try CronExpression("0 0 30 2 *").nextFire(after: Self.date("2026-01-01T00:00:00Z"), in: .gmt) == nil)
    }

    @Test func schedulesParseIntervalsAndCronWithZones() throws {
        #expect(try JobSchedule.parse("@every 15m") == .interval(seconds: 900, jitter: 0))
        #expect(try JobSchedule.parse("@every 1h jitter 30s") == .interval(seconds: 3_600, jitter: 30))
        #expect(try JobSchedule.parse("0 2 * * *") == .cron(try CronExpression("0 2 * * *"), timeZone: TimeZone(identifier: "UTC")!))
        #expect(try JobSchedule.parse("0 2 * * * Europe/Berlin") == .cron(try CronExpression("0 2 * * *"), timeZone: TimeZone(identifier: "Europe/Berlin")!))
        #expect(try JobSchedule.parse("CRON_TZ=America/New_York @daily") == .cron(try CronExpression("@daily"), timeZone: TimeZone(identifier: "America/New_York")!))
        #expect(try JobSchedule.parse("@daily Asia/Tokyo").description == "@daily Asia/Tokyo")
        // "CRON_TZ= …" (an empty zone) was a fuzzer's finding: it indexed past the split.
        for bad in ["@every", "@every 0s", "@every 1m jitter 2m", "0 2 * * * Mars/Olympus", "@every soon", "CRON_TZ= @every 5m", "TZ= 0 2 * * *", "CRON_TZ="] {
            #expect(throws: ValidationError.self) { try JobSchedule.parse(bad) }
        }
    }

    @Test func intervalsAreEpochAlignedAndTheirJitterIsTheSameEverywhere() throws {
        let schedule = JobSchedule.interval(seconds: 900, jitter: 60)
        let after = Self.date("2026-11-23T10:07:00Z")
        let run = try #require(schedule.nextRun(after: after, job: "ingest-service-graph"))
        #expect(schedule.tick(ofRunAt: run) == Self.date("2026-11-23T10:15:00Z"))
        #expect(run.timeIntervalSince(Self.date("2026-11-23T10:15:00Z")) < 60)
        #expect(schedule.nextRun(after: after, job: "ingest-service-graph") == run)
        let other = try #require(schedule.nextRun(after: after, job: "mark-stale-edges"))
        #expect(other != run)
        let plain = JobSchedule.interval(seconds: 60, jitter: 0)
        #expect(plain.nextRun(after: Self.date("2026-11-23T10:07:00Z"), job: "x") == Self.date("2026-11-23T10:08:00Z"))
        #expect(plain.nextRun(after: Self.date("2026-11-23T10:07:59Z"), job: "x") == Self.date("2026-11-23T10:08:00Z"))
    }
}
