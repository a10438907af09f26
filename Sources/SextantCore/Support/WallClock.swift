import Foundation

/// A source of the current time, injectable for tests; services also wait on it, so that a
/// test can move time on by minutes and see every timer that was due fire.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date

    /// Suspends until the clock reads `deadline` or later; throws `CancellationError` when the
    /// task is cancelled first.
    func sleep(until deadline: Date) async throws
}

extension WallClock {
    /// Suspends for `seconds` of this clock's time.
    public func sleep(for seconds: TimeInterval) async throws {
        try await sleep(until: now().addingTimeInterval(seconds))
    }

    /// Instants `interval` apart, each one interval after the previous was taken, for periodic
    /// work; the sequence ends when the task is cancelled (on graceful shutdown, for a service).
    public func ticks(every interval: TimeInterval) -> Ticks {
        Ticks(clock: self, interval: interval)
    }
}
