import Synchronization

/// Runs an operation for callers that each need a run that started after they asked, at most
/// one run at a time: callers arriving while a run is under way wait, and the next run serves
/// all of them at once. However many ask together, at most two runs follow.
///
/// No task is started: the caller that finds no run under way runs it; when it finishes, one
/// of the callers that arrived meanwhile is told to run next, for itself and the others.
final class SharedRun<Result: Sendable>: Sendable {
    private enum Turn {
        case finished(Swift.Result<Result, any Error>)
        case runNext
    }

    private struct State {
        var isRunning = false
        /// Callers that arrived during the run under way: the next run serves them.
        var arrived: [CheckedContinuation<Turn, Never>] = []
        /// Callers the run under way serves.
        var riding: [CheckedContinuation<Turn, Never>] = []
    }

    private let state = Mutex(State())
    private let operation: @Sendable () async throws -> Result

    init(_ operation: @escaping @Sendable () async throws -> Result) {
        self.operation = operation
    }

    /// How many callers wait for the next run.
    var waiting: Int { state.withLock { $0.arrived.count } }

    /// The result of a run that started after this call.
    func run() async throws -> Result {
        let turn: Turn = await withCheckedContinuation { continuation in
            let runsNow = state.withLock { state in
                guard state.isRunning else {
                    state.isRunning = true
                    return true
                }
                state.arrived.append(continuation)
                return false
            }
            if runsNow { continuation.resume(returning: .runNext) }
        }
        switch turn {
        case .finished(let result):
            return try result.get()
        case .runNext:
            let result: Swift.Result<Result, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            let (riders, next) = state.withLock { state in
                let riders = state.riding
                state.riding = []
                guard !state.arrived.isEmpty else {
                    state.isRunning = false
                    return (riders, nil as CheckedContinuation<Turn, Never>?)
                }
                let next = state.arrived.removeFirst()
                state.riding = state.arrived
                state.arrived = []
                return (riders, next)
            }
            for rider in riders { rider.resume(returning: .finished(result)) }
            next?.resume(returning: .runNext)
            return try result.get()
        }
    }
}
