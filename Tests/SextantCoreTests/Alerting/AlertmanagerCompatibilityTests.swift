import Foundation
import Testing

@testable import SextantCore

/// Alertmanager's rules for posted alerts and silences, and Go's JSON bytes.
@Suite("Alertmanager compatibility")
struct AlertmanagerCompatibilityTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func postedAlertsGetAlertmanagersDefaults() throws {
        let bare = try PostableAlert(labels: ["alertname": "A", "empty": ""]).accepted(at: now, resolveTimeout: 300)
        #expect(bare.labels == ["alertname": "A"] && bare.startsAt == now && bare.endsAt == now.addingTimeInterval(300) && bare.endsAtIsTimeout)
        let ended = try PostableAlert(labels: ["alertname": "A"], endsAt: now.addingTimeInterval(-10)).accepted(at: now, resolveTimeout: 300)
        #expect(ended.startsAt == ended.endsAt && !ended.endsAtIsTimeout && ended.isResolved(at: now))
        let batch = [PostableAlert(labels: ["alertname": "ok"]), PostableAlert(labels: ["le-bad": "x", "alertname": "B"]),
                     PostableAlert(labels: ["a": "b"], annotations: ["0x": "y"])].accepted(at: now, resolveTimeout: 300)
        #expect(batch.alerts.map(\.name) == ["ok"])
        #expect(batch.rejections == [#"invalid label set: invalid name "le-bad""#, #"invalid annotations: invalid name "0x""#])
    }

    @Test func silencesAreUpdatedInPlaceOnlyWhileConsistent() {
        let active = Silence(id: "s1", matchers: [try! LabelMatcher(name: "a", kind: .equal, value: "b")], startsAt: now.addingTimeInterval(-60.4),
                             endsAt: now.addingTimeInterval(3_600), createdBy: "x", comment: "y", updatedAt: now)
        var longer = active
        longer.startsAt = now.addingTimeInterval(-60.39)  // echoed back with less precision, in the same second
        longer.endsAt = now.addingTimeInterval(7_200)
        let updated = Silence.posting(longer, over: active, newID: "s2", at: now)
        #expect(updated.expired == nil && updated.stored.id == "s1" && updated.stored.startsAt == active.startsAt)
        var other = longer
        other.matchers = [try! LabelMatcher(name: "a", kind: .equal, value: "c")]
        let replaced = Silence.posting(other, over: active, newID: "s2", at: now)
        #expect(replaced.stored.id == "s2" && replaced.stored.startsAt == now && replaced.expired?.endsAt == now)
        var pending = active
        pending.startsAt = now.addingTimeInterval(600)
        var earlier = pending
        earlier.startsAt = now.addingTimeInterval(-5)
        #expect(Silence.posting(earlier, over: pending, newID: "s3", at: now).stored.id == "s3")
        let expired = Silence.posting(longer, over: active.expired(at: now)!, newID: "s4", at: now.addingTimeInterval(1))
        #expect(expired.stored.id == "s4" && expired.expired == nil)
    }

    @Test func goJSONEscapesAsGoDoes() {
        var document = GoJSONWriter()
        document.beginObject()
        document.key("b")
        document.string("<a & b>\n\"q\"\\ \u{1} \u{2028} é")
        document.key("a")
        document.map(["z": "1", "B": "2", "a": "3"])
        document.key("n")
        document.integer(-3)
        document.endObject()
        #expect(String(decoding: document.encoded, as: UTF8.self)
            == #"{"b":"\u003ca \u0026 b\u003e\n\"q\"\\ \u0001 \u2028 é","a":{"B":"2","a":"3","z":"1"},"n":-3}"# + "\n")
    }

    @Test func timesAreWrittenWithMilliseconds() {
        #expect(GoTime.formatMilliseconds(GoTime.parse("2026-11-24T03:04:27.171Z")!) == "2026-11-24T03:04:27.171Z")
        #expect(GoTime.formatMilliseconds(GoTime.parse("2026-11-24T03:04:27Z")!) == "2026-11-24T03:04:27.000Z")
        #expect(GoTime.formatMilliseconds(GoTime.parse("2026-11-24T03:04:27.9999Z")!) == "2026-11-24T03:04:27.999Z")
    }

    /// The integer calendar is Go's proleptic Gregorian one: it agrees with Foundation's since
    /// the Gregorian reform (1582-10-15; Foundation writes earlier days in the Julian calendar)
    /// on every kind of day — leap days, century years, before 1970 — and reads back as the same
    /// instant down to the first second RFC 3339 can write.
    @Test func calendarArithmeticAgreesWithFoundation() {
        let style = Date.ISO8601FormatStyle().year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon)
        var generator = SystemRandomNumberGenerator()
        var seconds: [Double] = [-62_135_596_800, 253_402_300_799, 0, -1, 951_782_400, 4_107_456_000, -2_208_988_800, 1_709_164_800]
        for _ in 0..<20_000 { seconds.append(Double(Int64.random(in: -62_135_596_800...253_402_300_799, using: &generator))) }
        for second in seconds {
            let text = GoTime.civilText(second)
            #expect(GoTime.parse(text + "Z")?.timeIntervalSince1970 == second, "\(second)")
            if second >= -12_219_292_800 { #expect(text == Date(timeIntervalSince1970: second).formatted(style), "\(second)") }
        }
        #expect(GoTime.civilText(-62_135_596_800) == "0001-01-01T00:00:00" && GoTime.civilText(253_402_300_799) == "9999-12-31T23:59:59")
        #expect(GoTime.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.5Z")
        #expect(GoTime.formatMilliseconds(.distantFuture) == Date.distantFuture.formatted(style) + ".000Z")
    }
}
