import Foundation

/// A clock that reads a fixed instant until it is moved; for tests. Whoever sleeps on it wakes
/// when it is moved past their deadline.
public final class ManualClock: WallClock, @unchecked Sendable {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var current: Date
    private var sleepers: [UInt64: Sleeper] = [:]
    private var nextSleeper: UInt64 = 0

    /// Creates a clock that reads `start`.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        self.current = start
    }

    public func now() -> Date {
        lock.withLock { current }
    }

    /// How many sleep on the clock now: a test moves the clock once the service it drives is
    /// asleep, so that no timer starts after the move and misses it.
    public var sleeping: Int {
        lock.withLock { sleepers.count }
    }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) {
        wake(lock.withLock { current = current.addingTimeInterval(seconds); return takeDue() })
    }

    /// Sets the clock to `date`.
    public func set(_ date: Date) {
        wake(lock.withLock { current = date; return takeDue() })
    }

    public func sleep(until deadline: Date) async throws {
        let id = lock.withLock { nextSleeper += 1; return nextSleeper }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let verdict: Result<Void, any Error>? = lock.withLock {
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if current >= deadline { return .success(()) }
                    sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let verdict { continuation.resume(with: verdict) }
            }
        } onCancel: {
            lock.withLock { sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Removes the sleepers due at the current time; called with the lock held.
    private func takeDue() -> [Sleeper] {
        let due = sleepers.filter { $0.value.deadline <= current }
        for id in due.keys { sleepers[id] = nil }
        return Array(due.values)
    }

    private func wake(_ sleepers: [Sleeper]) {
        for sleeper in sleepers { sleeper.continuation.resume() }
    }
}
