import Foundation
import Synchronization
import Testing
import SextantCore

/// Services wait on the injected clock: a test moves a manual clock on by minutes and every
/// timer that came due fires, in order, without real time passing.
@Suite("Clocks and timers")
struct ClockTests {
    final class Recorded<Value: Sendable>: Sendable {
        private let values = Mutex<[Value]>([])
        func append(_ value: Value) { values.withLock { $0.append(value) } }
        var all: [Value] { values.withLock { $0 } }
    }

    @Test func sleepersWakeWhenTheManualClockPassesTheirDeadline() async throws {
        let clock = ManualClock()
        let start = clock.now()
        let woken = Recorded<Int>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for minutes in [1, 5, 10] {
                group.addTask {
                    try await clock.sleep(until: start.addingTimeInterval(Double(minutes) * 60))
                    woken.append(minutes)
                }
            }
            // Wait for a positive signal: each step's sleepers have woken before the next step.
            func waitFor(_ expected: [Int]) async {
                while woken.all.sorted() != expected { await Task.yield() }
            }
            clock.advance(by: 30)
            clock.advance(by: 60)
            await waitFor([1])
            clock.advance(by: 240)
            await waitFor([1, 5])
            #expect(woken.all == [1, 5], "the ten-minute sleeper waits on")
            clock.set(start.addingTimeInterval(3_600))
            await waitFor([1, 5, 10])
            try await group.waitForAll()
        }
        // A deadline already passed returns at once.
        try await clock.sleep(until: start)
    }

    @Test func ticksFollowTheClockAndEndWhenCancelled() async throws {
        let clock = ManualClock()
        let start = clock.now()
        let seen = Recorded<Date>()
        let ticker = Task {
            for await now in clock.ticks(every: 60) { seen.append(now) }
        }
        for step in 1...3 {
            // Each tick sleeps anew once the previous one was taken: move on only then.
            while clock.sleeping == 0 { await Task.yield() }
            clock.advance(by: 60)
            while seen.all.count < step { await Task.yield() }
        }
        #expect(seen.all == [60, 120, 180].map { start.addingTimeInterval($0) })
        ticker.cancel()
        await ticker.value
        // Cancelled while sleeping: the sequence ended without the clock moving.
        #expect(seen.all.count == 3)
    }
}
