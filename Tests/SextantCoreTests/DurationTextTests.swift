import Foundation
import Testing
import SextantCore

@Suite("Duration text")
struct DurationTextTests {
    @Test func parsesPrometheusDurations() {
        #expect(DurationText.seconds("5m") == 300)
        #expect(DurationText.seconds("1h30m") == 5_400)
        #expect(DurationText.seconds("500ms") == 0.5)
        #expect(DurationText.seconds("8d") == 691_200)
        #expect(DurationText.seconds("2w") == 1_209_600)
        #expect(DurationText.seconds("5") == nil)
        #expect(DurationText.seconds("m") == nil)
        #expect(DurationText.seconds("5x") == nil)
        #expect(DurationText.seconds("") == nil)
    }

    @Test func formatsShortest() {
        #expect(DurationText.format(seconds: 300) == "5m")
        #expect(DurationText.format(seconds: 5_400) == "1h30m")
        #expect(DurationText.format(seconds: 0.5) == "500ms")
        #expect(DurationText.format(seconds: 691_200) == "8d")
    }
}
