import Synchronization

/// Admits at most a fixed number of requests at once; the rest are refused at the door, before
/// their bodies are read, so that memory stays bounded under any load.
final class AdmissionGate: Sendable {
    private let limit: Int
    private let inFlight = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place, or returns `false` when all are taken.
    func enter() -> Bool {
        var current = inFlight.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = inFlight.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Gives a place back.
    func leave() {
        inFlight.subtract(1, ordering: .acquiringAndReleasing)
    }
}
