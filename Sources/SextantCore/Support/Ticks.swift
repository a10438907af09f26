import Foundation

/// Instants on a clock, `interval` apart; see ``WallClock/ticks(every:)``.
public struct Ticks: AsyncSequence, Sendable {
    public typealias Element = Date

    let clock: any WallClock
    let interval: TimeInterval

    public struct AsyncIterator: AsyncIteratorProtocol {
        let clock: any WallClock
        let interval: TimeInterval

        public mutating func next() async -> Date? {
            do { try await clock.sleep(for: interval) } catch { return nil }
            return Task.isCancelled ? nil : clock.now()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(clock: clock, interval: interval)
    }
}
