import Testing
import SextantCore

/// New series wait at zero for one scrape: observations in, what to record out, scrape by scrape.
@Suite("New series at zero until scraped")
struct FirstScrapeHoldTests {
    enum Event {
        case observe(String, Int)
        case scrapeBegins
        case scrapeAnswered
    }

    @Test func aNewSeriesIsHeldUntilAScrapeHasReadItAtZero() {
        // Each event and the observations it says to record, as (key, value).
        let steps: [(Event, [String])] = [
            (.observe("a", 1), []),                 // a is new: its series is made at 0
            (.observe("a", 2), []),
            (.scrapeBegins, []),                    // the scrape reads a at 0…
            (.observe("b", 1), []),                 // …b is made while it is answered
            (.scrapeAnswered, ["a1", "a2"]),        // a's calls are recorded, b waits
            (.observe("a", 3), ["a3"]),             // a was scraped: recorded at once
            (.observe("b", 2), []),
            (.scrapeBegins, []),
            (.scrapeAnswered, ["b1", "b2"]),
            (.observe("b", 3), ["b3"]),
            (.scrapeBegins, []),
            (.scrapeAnswered, []),
        ]
        var hold = FirstScrapeHold<String, Int>()
        for (index, (event, expected)) in steps.enumerated() {
            var recorded: [String] = []
            switch event {
            case .observe(let key, let value):
                recorded = hold.observe(value, of: key).map { key + String($0) }
            case .scrapeBegins:
                hold.scrapeBegins()
            case .scrapeAnswered:
                recorded = hold.scraped().sorted { $0.key < $1.key }.flatMap { entry in entry.observations.map { entry.key + String($0) } }
            }
            #expect(recorded == expected, "step \(index)")
        }
    }

    @Test func aSeriesNeverScrapedHoldsABoundedNumberOfObservations() {
        var hold = FirstScrapeHold<String, Int>()
        var released: [Int] = []
        for value in 0...FirstScrapeHold<String, Int>.maximumHeld {
            released += hold.observe(value, of: "a")
        }
        #expect(released == Array(0...FirstScrapeHold<String, Int>.maximumHeld))
        #expect(hold.observe(-1, of: "a") == [-1])
        hold.scrapeBegins()
        #expect(hold.scraped().isEmpty)
    }
}
