import DequeModule
import Synchronization

/// Admits at most `limit` requests at once into the work it guards; up to `maximumWaiting`
/// more wait their turn, first come, first served, and the rest are refused at once — so that
/// under any load the admitted ones keep a short, bounded wait, and a refusal costs nothing.
final class AdmissionGate: Sendable {
    private struct State {
        var inside = 0
        var waiting: Deque<CheckedContinuation<Void, Never>> = []
    }

    private let limit: Int
    private let maximumWaiting: Int
    private let state = Mutex(State())

    init(limit: Int, maximumWaiting: Int = 0) {
        self.limit = max(1, limit)
        self.maximumWaiting = max(0, maximumWaiting)
    }

    /// Takes a place, waiting in line for one if all are taken and the line is not full;
    /// `false` when refused.
    func enter() async -> Bool {
        enum Outcome { case admitted, refused, waits }
        let outcome = state.withLock { state -> Outcome in
            if state.inside < limit {
                state.inside += 1
                return .admitted
            }
            return state.waiting.count < maximumWaiting ? .waits : .refused
        }
        switch outcome {
        case .admitted: return true
        case .refused: return false
        case .waits:
            await withCheckedContinuation { continuation in
                let admitted = state.withLock { state -> Bool in
                    // A place may have freed up meanwhile.
                    if state.inside < limit {
                        state.inside += 1
                        return true
                    }
                    state.waiting.append(continuation)
                    return false
                }
                if admitted { continuation.resume() }
            }
            return true
        }
    }

    /// Takes a place only if one is free now.
    func tryEnter() -> Bool {
        state.withLock { state in
            guard state.inside < limit else { return false }
            state.inside += 1
            return true
        }
    }

    /// Gives a place back, or hands it straight to the longest waiter.
    func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let first = state.waiting.popFirst() { return first }
            state.inside -= 1
            return nil
        }
        next?.resume()
    }
}
