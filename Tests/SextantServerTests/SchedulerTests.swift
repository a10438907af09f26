import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing
@testable import SextantServer
import SextantCore
import SextantStorage
import SextantTestSupport

@Suite("Scheduler")
struct SchedulerTests {
    final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        func increment() -> Int { value.add(1, ordering: .relaxed).newValue }
        var count: Int { value.load(ordering: .relaxed) }
    }

    /// Runs `jobs` under a real service group until `body` returns, then shuts down gracefully.
    func withScheduler(
        _ jobs: [Job], grace: Duration = .seconds(5), history: JobRunHistory = .standard,
        _ body: @Sendable (Scheduler, any JobStore) async throws -> Void
    ) async throws {
        try await withMigratedEngine(.sqlite) { engine, _ in
            let store = SQLJobStore(engine: engine)
            let leadership = Leadership(store: SQLClusterStore(engine: engine), jobs: store, isReplicated: false, ttl: 15,
                                        clock: SystemClock(), logger: .quiet)
            let scheduler = Scheduler(jobs: jobs, store: store, leadership: leadership, clock: SystemClock(), grace: grace, history: history,
                                      logger: .quiet)
            let group = ServiceGroup(services: [leadership, scheduler], gracefulShutdownSignals: [], cancellationSignals: [], logger: .quiet)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await body(scheduler, store)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }

    static func waitUntil(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<200 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("condition not met within 5 s")
    }

    @Test func aFailingJobNeverStopsTheScheduler() async throws {
        let healthy = Counter()
        let jobs = [
            Job(name: "broken", schedule: .interval(seconds: 1, jitter: 0), timeout: .seconds(5)) {
                throw SchedulerError.unknownJob("a dependency")
            },
            Job(name: "healthy", schedule: .interval(seconds: 1, jitter: 0), timeout: .seconds(5)) {
                "ran \(healthy.increment()) times"
            },
        ]
        try await withScheduler(jobs) { _, store in
            try await Self.waitUntil {
                let failures = try await store.runs(of: "broken", limit: 10).filter { $0.outcome == .failed }.count
                return healthy.count >= 2 && failures >= 2
            }
            let broken = try await store.runs(of: "broken", limit: 10).first { $0.outcome == .failed }
            #expect(broken?.message == "there is no job 'a dependency'" && broken?.trigger == .schedule)
            let ran = try await store.runs(of: "healthy", limit: 10).first { $0.outcome == .succeeded }
            #expect(ran?.message?.hasPrefix("ran ") == true && ran?.scheduledFor != nil)
        }
    }

    /// Each run that finishes trims its job's history to what is kept.
    @Test func theRunHistoryStaysBounded() async throws {
        let runs = Counter()
        let jobs = [Job(name: "often", schedule: .interval(seconds: 3_600, jitter: 0), timeout: .seconds(5)) { "run \(runs.increment())" }]
        try await withScheduler(jobs, history: JobRunHistory(runs: 3, age: 86_400)) { scheduler, store in
            for _ in 0..<6 {
                let id = try await scheduler.trigger("often")
                try await Self.waitUntil { try await store.run(id: id)?.outcome == .succeeded }
            }
            try await Self.waitUntil { try await store.runs(of: "often", limit: 100).count == 3 }
            #expect(try await store.runs(of: "often", limit: 100).compactMap(\.message) == ["run 6", "run 5", "run 4"])
        }
    }

    @Test func aRunLongerThanItsTimeoutIsCancelledAndRecorded() async throws {
        let jobs = [Job(name: "slow", schedule: .interval(seconds: 3_600, jitter: 0), timeout: .milliseconds(200)) {
            try await Task.sleep(for: .seconds(30))
            return "finished"
        }]
        try await withScheduler(jobs) { scheduler, store in
            let id = try await scheduler.trigger("slow")
            try await Self.waitUntil { try await store.run(id: id)?.outcome == .timedOut }
            #expect(try await store.run(id: id)?.message == "did not finish within 0.2 seconds")
        }
    }

    @Test func shutdownWaitsForRunsThenCancelsThem() async throws {
        let jobs = [
            Job(name: "quick", schedule: .interval(seconds: 3_600, jitter: 0), timeout: .seconds(60)) {
                try await Task.sleep(for: .milliseconds(300))
                return "done"
            },
            Job(name: "endless", schedule: .interval(seconds: 3_600, jitter: 0), timeout: .seconds(60)) {
                try await Task.sleep(for: .seconds(60))
                return "never"
            },
        ]
        let ids = Mutex<[Int64]>([])
        try await withMigratedEngine(.sqlite) { engine, _ in
            let store = SQLJobStore(engine: engine)
            let leadership = Leadership(store: SQLClusterStore(engine: engine), jobs: store, isReplicated: false, ttl: 15, clock: SystemClock(), logger: .quiet)
            let scheduler = Scheduler(jobs: jobs, store: store, leadership: leadership, clock: SystemClock(), grace: .seconds(1), logger: .quiet)
            let group = ServiceGroup(services: [leadership, scheduler], gracefulShutdownSignals: [], cancellationSignals: [], logger: .quiet)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let quick = try await scheduler.trigger("quick")
                let endless = try await scheduler.trigger("endless")
                ids.withLock { $0 = [quick, endless] }
                try await Self.waitUntil { scheduler.isRunning("endless") }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let recorded = ids.withLock { $0 }
            #expect(try await store.run(id: recorded[0])?.outcome == .succeeded)
            let cancelled = try await store.run(id: recorded[1])
            // Shutdown ended the endless run after its grace instead of waiting its 60 s out: the
            // run is recorded as cancelled, with the reason (the positive signal; no clock is read).
            #expect(cancelled?.outcome == .cancelled && cancelled?.message?.hasPrefix("cancelled: shutdown did not wait longer than") == true)
            #expect(await (try? scheduler.trigger("quick")) == nil)
        }
    }
}
