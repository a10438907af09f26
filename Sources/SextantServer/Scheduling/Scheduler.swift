import Foundation
import Logging
import SextantCore
import SextantStorage
import ServiceLifecycle
import Synchronization

/// Runs jobs on their schedules (on the leading replica only, each tick once), and on demand.
///
/// A failing or hanging run never stops the scheduler: each run has a timeout and its outcome is
/// recorded. A job does not overlap itself: a tick that comes while the job still runs is
/// skipped. On shutdown the scheduler stops starting runs, waits up to the grace period for
/// those under way, then cancels them and records that.
public final class Scheduler: Service, Sendable {
    public let jobs: [Job]
    private let store: any JobStore
    private let leadership: Leadership
    private let clock: any WallClock
    private let grace: Duration
    private let history: JobRunHistory
    private let logger: Logger
    private let state = Mutex(State())
    /// Wakes the loop for a manual run or shutdown before the next scheduled run is due.
    private let wakeUp = Wakeup()
    /// Signalled whenever a run ends.
    private let runEnded = Wakeup()

    /// The longest the loop sleeps: leadership may have changed meanwhile.
    static let longestSleep: TimeInterval = 1

    private struct State {
        var nextRuns: [String: Date] = [:]
        /// Jobs with a run under way.
        var running: Set<String> = []
        /// Manual runs recorded but not yet started.
        var manual: [(job: Job, runID: Int64)] = []
        var isStopping = false
    }

    init(jobs: [Job], store: any JobStore, leadership: Leadership, clock: any WallClock, grace: Duration,
         history: JobRunHistory = .standard, logger: Logger) {
        self.jobs = jobs
        self.history = history
        self.store = store
        self.leadership = leadership
        self.clock = clock
        self.grace = grace
        self.logger = logger
        let now = clock.now()
        state.withLock { state in
            for job in jobs where job.isEnabled { state.nextRuns[job.name] = job.schedule.nextRun(after: now, job: job.name) }
        }
    }

    /// When each enabled job runs next.
    public var nextRuns: [String: Date] { state.withLock { $0.nextRuns } }

    /// Whether a run of the job is under way on this replica.
    public func isRunning(_ job: String) -> Bool { state.withLock { $0.running.contains(job) } }

    /// Records a manual run of `name` and starts it; returns the run's id.
    public func trigger(_ name: String) async throws -> Int64 {
        guard let job = jobs.first(where: { $0.name == name }) else { throw SchedulerError.unknownJob(name) }
        if let reason = job.disabledReason { throw SchedulerError.disabled(name, reason) }
        guard !state.withLock({ $0.isStopping }) else { throw SchedulerError.stopping }
        let id = try await store.startManualRun(job: name, replica: leadership.replica.id, at: clock.now())
        state.withLock { $0.manual.append((job, id)) }
        wakeUp.signal()
        return id
    }

    public func run() async throws {
        // Discarding: a run that ended is not kept until the scheduler stops.
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                while !Task.isCancelled && !state.withLock({ $0.isStopping }) {
                    await startDueRuns(in: &group)
                    await sleepUntilWorkIsDue()
                }
            } onGracefulShutdown: { [self] in
                state.withLock { $0.isStopping = true }
                wakeUp.signal()
            }
            // Let runs under way finish, for a while.
            _ = try? await withTimeout(grace) { [self] in
                while !Task.isCancelled, state.withLock({ !$0.running.isEmpty }) { await runEnded.wait() }
            }
            group.cancelAll()
        }
    }

    /// Sleeps on the clock until the next scheduled run is due (at most ``longestSleep``), or
    /// until a manual run or shutdown wakes it.
    private func sleepUntilWorkIsDue() async {
        let now = clock.now()
        let next = state.withLock { $0.nextRuns.values.min() } ?? .distantFuture
        await wakeUp.wait(until: min(next, now.addingTimeInterval(Self.longestSleep)), on: clock)
    }

    /// Starts manual runs waiting, and the scheduled runs that are due (when leading).
    private func startDueRuns(in group: inout DiscardingTaskGroup) async {
        let now = clock.now()
        let (manual, due) = state.withLock { state -> ([(job: Job, runID: Int64)], [(Job, Date)]) in
            defer { state.manual = [] }
            var due: [(Job, Date)] = []
            for job in jobs where job.isEnabled {
                guard let next = state.nextRuns[job.name], next <= now else { continue }
                // After a long pause, missed ticks are skipped: the next one comes after now.
                state.nextRuns[job.name] = job.schedule.nextRun(after: max(next, now), job: job.name)
                due.append((job, next))
            }
            return (state.manual, due)
        }
        for (job, runID) in manual {
            startRun(job, id: runID, in: &group)
        }
        guard leadership.isLeader else { return }
        for (job, runAt) in due {
            guard !isRunning(job.name) else {
                logger.warning("skipped a tick: the previous run is still under way", metadata: ["job.name": .string(job.name)])
                continue
            }
            do {
                let tick = job.schedule.tick(ofRunAt: runAt)
                guard let id = try await store.claimScheduledRun(job: job.name, tick: tick, replica: leadership.replica.id, at: now) else {
                    continue  // another replica took this tick
                }
                startRun(job, id: id, in: &group)
            } catch {
                logger.error("could not record a scheduled run", metadata: ["job.name": .string(job.name), "error": "\(error)"])
            }
        }
    }

    private func startRun(_ job: Job, id: Int64, in group: inout DiscardingTaskGroup) {
        state.withLock { _ = $0.running.insert(job.name) }
        group.addTask { [self] in
            let started = ContinuousClock.now
            let (outcome, message) = await execute(job)
            logger.info("job run finished", metadata: [
                "job.name": .string(job.name), "job.run": "\(id)", "job.outcome": .string(outcome.rawValue),
                "duration_ms": "\(Int((ContinuousClock.now - started).seconds * 1000))", "job.message": .string(message),
            ])
            // Recorded even when the run was cancelled: a task that is not cancelled does it. The
            // replica that ran the job trims its history.
            let store = store, clock = clock, history = history, logger = logger
            _ = await Task {
                try? await store.finishRun(id: id, outcome: outcome, message: message, at: clock.now())
                do {
                    _ = try await store.pruneRuns(of: job.name, keeping: history, at: clock.now())
                } catch {
                    logger.warning("could not trim the run history", metadata: ["job.name": .string(job.name), "error": "\(error)"])
                }
            }.value
            state.withLock { _ = $0.running.remove(job.name) }
            runEnded.signal()
        }
    }

    /// Runs a job within its timeout and says how it ended.
    private func execute(_ job: Job) async -> (JobOutcome, String) {
        do {
            let message = try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask { try await job.action() }
                group.addTask {
                    try await Task.sleep(for: job.timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let message = first else { throw JobTimeout() }
                return message
            }
            return (.succeeded, message)
        } catch is JobTimeout {
            return (.timedOut, "did not finish within \(job.timeout)")
        } catch is CancellationError {
            return (.cancelled, "cancelled: shutdown did not wait longer than \(grace)")
        } catch {
            if Task.isCancelled { return (.cancelled, "cancelled: shutdown did not wait longer than \(grace)") }
            return (.failed, String(describing: error))
        }
    }

    private struct JobTimeout: Error {}
}
