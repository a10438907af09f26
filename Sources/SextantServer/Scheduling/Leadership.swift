import Foundation
import Logging
import SextantCore
import SextantStorage
import ServiceLifecycle
import Synchronization

/// Which replica runs scheduled jobs.
///
/// With PostgreSQL, replicas share a lease row (`cluster_leases`): the holder renews it every
/// third of its TTL (15 s by default); when the holder dies, another replica takes it once it
/// expires, within TTL + TTL/3. Every replica also records a heartbeat (`cluster_replicas`).
/// With SQLite there is one replica, always the leader.
public final class Leadership: Service, Sendable {
    /// The lease's name.
    static let leaseName = "scheduler"

    /// This replica.
    public let replica: ReplicaRecord
    /// Whether several replicas may share the database.
    public let isReplicated: Bool
    let ttl: TimeInterval
    private let store: any ClusterStore
    private let jobs: any JobStore
    private let clock: any WallClock
    private let logger: Logger
    private let leading: Atomic<Bool>

    init(store: any ClusterStore, jobs: any JobStore, isReplicated: Bool, ttl: TimeInterval, clock: any WallClock, logger: Logger) {
        let host = ProcessInfo.processInfo.hostName
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        self.replica = ReplicaRecord(id: "\(host)-\(pid)-\(suffix)", host: host, pid: pid, startedAt: clock.now(), lastHeartbeat: clock.now())
        self.isReplicated = isReplicated
        self.ttl = ttl
        self.store = store
        self.jobs = jobs
        self.clock = clock
        self.logger = logger
        self.leading = Atomic(!isReplicated)
    }

    /// Whether this replica runs scheduled jobs now.
    public var isLeader: Bool { leading.load(ordering: .acquiring) }

    public func run() async throws {
        if !isReplicated {
            // One replica: runs still marked running are from a previous life of this process.
            await report("abandoning runs", try await jobs.abandonRuns(exceptOn: [], at: clock.now()))
        }
        await cancelWhenGracefulShutdown {
            await self.beat()
            for await _ in self.clock.ticks(every: self.ttl / 3) { await self.beat() }
        }
        leading.store(false, ordering: .releasing)
        if isReplicated {
            // Let another replica lead at once rather than after the lease expires.
            try? await Task { try await store.releaseLease(Self.leaseName, holder: replica.id) }.value
        }
    }

    /// One heartbeat, and one attempt to take or keep the lease.
    func beat() async {
        let now = clock.now()
        do {
            try await store.heartbeat(replica, at: now)
            guard isReplicated else { return }
            let holds = try await store.acquireLease(Self.leaseName, holder: replica.id, at: now, ttl: ttl)
            let held = leading.exchange(holds, ordering: .acquiringAndReleasing)
            if holds && !held {
                logger.notice("became the scheduler's leader", metadata: ["cluster.replica": .string(replica.id)])
                let live = try await store.replicas().filter { now.timeIntervalSince($0.lastHeartbeat) < ttl }.map(\.id)
                await report("abandoning runs of stopped replicas", try await jobs.abandonRuns(exceptOn: live, at: now))
                try await store.forgetReplicas(silentSince: now.addingTimeInterval(-10 * ttl))
            } else if held && !holds {
                logger.warning("lost the scheduler's leadership", metadata: ["cluster.replica": .string(replica.id)])
            }
        } catch {
            // Without the database a replica cannot know whether it still leads: it steps down.
            guard isReplicated else { return }
            if leading.exchange(false, ordering: .acquiringAndReleasing) {
                logger.warning("stepped down: the lease could not be renewed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func report(_ what: String, _ count: @autoclosure () async throws -> Int) async {
        do {
            let count = try await count()
            if count > 0 { logger.notice("\(what)", metadata: ["job.runs": "\(count)"]) }
        } catch {
            logger.error("\(what) failed", metadata: ["error": "\(error)"])
        }
    }
}
