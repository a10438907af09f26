import Foundation
import SextantCore
import Synchronization

/// A signal for one waiter at a time: a signal given while nobody waits is kept for the next
/// wait, so that nothing is missed between a check and a wait.
final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns at the next signal (at once if one was kept), or when the task is cancelled.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }?.resume()
        }
    }
}

extension Wakeup {
    /// Returns at the next signal or once `clock` reads `deadline`, whichever comes first.
    func wait(until deadline: Date, on clock: any WallClock) async {
        await withTaskGroup(of: Void.self) { race in
            race.addTask { try? await clock.sleep(until: deadline) }
            race.addTask { await self.wait() }
            await race.next()
            race.cancelAll()
        }
    }
}
