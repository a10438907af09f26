import Foundation
import Logging
import SextantStorage
import ServiceLifecycle
import Synchronization

/// Wakes the requests that watch configuration (`?index=&wait=`): a write on this replica wakes
/// the watchers of its environment at once; writes on other replicas are seen by polling the
/// change index every `pollInterval` while anyone watches. A woken watcher reads again and waits
/// on when nothing under its prefix changed.
final class ConfigurationChanges: Service, Sendable {
    private struct Watcher {
        let environment: String
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var watchers: [UInt64: Watcher] = [:]
        var next: UInt64 = 0
        var latest: Int64 = 0
        /// Counts the wake-ups: a watcher that read it before looking at the store and finds it
        /// moved when it registers missed a write in between, and looks again at once.
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    let store: any ConfigurationStore
    let pollInterval: Duration
    let logger: Logger

    init(store: any ConfigurationStore, pollInterval: Duration = .milliseconds(500), logger: Logger) {
        self.store = store
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// Read before looking at the store; given to ``wait(environment:after:until:)``.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// How many requests are waiting now.
    var watching: Int { state.withLock { $0.watchers.count } }

    /// `sextant_configuration_watchers`: the requests waiting for a change now.
    var exposition: String {
        "# HELP sextant_configuration_watchers Requests waiting for a configuration change (?index=&wait=).\n"
            + "# TYPE sextant_configuration_watchers gauge\nsextant_configuration_watchers \(watching)\n"
    }

    /// Wakes every watcher of `environment` (or of every environment).
    func changed(environment: String?, index: Int64) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.latest = max(state.latest, index)
            state.generation &+= 1
            let matching = state.watchers.filter { environment == nil || $0.value.environment == environment }
            for id in matching.keys { state.watchers[id] = nil }
            return matching.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns when a write in `environment` may have changed something since `generation` was
    /// read, or at `deadline`.
    func wait(environment: String, after generation: UInt64, until deadline: ContinuousClock.Instant) async {
        let id = state.withLock { state -> UInt64 in
            state.next += 1
            return state.next
        }
        let timer = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            self.wake(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let missed = state.withLock { state -> Bool in
                    state.watchers[id] = Watcher(environment: environment, continuation: continuation)
                    return state.generation != generation
                }
                if missed || Task.isCancelled || ContinuousClock.now >= deadline { wake(id) }
            }
        } onCancel: {
            self.wake(id)
        }
        timer.cancel()
    }

    private func wake(_ id: UInt64) {
        let watcher = state.withLock { $0.watchers.removeValue(forKey: id) }
        watcher?.continuation.resume()
    }

    /// Polls the change index while anyone watches, for the writes of other replicas.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.pollInterval)
                guard self.watching > 0 else { continue }
                do {
                    let latest = try await self.store.latestChangeIndex()
                    if latest > self.state.withLock({ $0.latest }) { self.changed(environment: nil, index: latest) }
                } catch {
                    self.logger.warning("reading the configuration change index failed", metadata: ["error": "\(error)"])
                }
            }
        }
        changed(environment: nil, index: .max)
    }
}
