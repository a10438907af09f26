import Foundation
import Logging
import SextantCore
import SextantStorage
import ServiceLifecycle
import Synchronization

/// Takes the spans of export requests, pairs them into edges, rolls them up, and commits them
/// in groups (a ``GroupCommitter``): every request waiting when a commit starts is answered by
/// that one transaction, which appends the merged rollups to the ingest log; a fold adds the log
/// to the rollup tables in the background (and reads fold first).
///
/// A request is answered only once what it carried is durable (``ingest(_:)`` returns after the
/// commit). Memory stays bounded: spans waiting to be committed are limited, beyond which
/// requests are refused with ``IngestError/overloaded`` (the client retries later), and the
/// pairer's store of waiting halves is bounded by its configuration.
public final class IngestPipeline: Service, Sendable {
    /// Limits of the pipeline.
    public struct Configuration: Sendable, Equatable {
        /// How long a half waits and how many may.
        public var pairing = ServiceGraphPairer.Configuration()
        /// The most spans accepted but not yet committed.
        public var maximumQueuedSpans = 200_000
        /// How often waiting halves are checked for expiry.
        public var expiryInterval: Duration = .seconds(1)
        /// How often the ingest log is folded into the rollups (reads fold first, so this bounds
        /// only the log's length): a fold writes a row per service, operation and minute touched,
        /// which with a thousand services took longer than a second, so folds ran back to back
        /// and held up the commits.
        public var foldInterval: Duration = .seconds(5)

        public init() {}
    }

    private struct State {
        var pairer: ServiceGraphPairer
        /// Spans accepted and not yet committed.
        var queuedSpans = 0
        var isStopped = false
    }

    private let state: Mutex<State>
    /// Bounds the versions per service that get rollups of their own.
    private let versionCap = Mutex(VersionCap())
    private let store: any RollupStore
    private let clock: any WallClock
    private let configuration: Configuration
    private let metrics: IngestMetrics
    private let logger: Logger
    private let commits: GroupCommitter<RollupDelta>

    public init(store: any RollupStore, clock: any WallClock, configuration: Configuration, metrics: IngestMetrics, logger: Logger) {
        self.store = store
        self.clock = clock
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.state = Mutex(State(pairer: ServiceGraphPairer(configuration: configuration.pairing)))
        self.commits = GroupCommitter(empty: RollupDelta()) { [store, clock, metrics, logger] batch in
            let started = ContinuousClock.now
            do {
                try await store.commit(batch, at: clock.now())
                metrics.committed(spans: batch.spanCount, seconds: (ContinuousClock.now - started).seconds)
            } catch {
                logger.error("rollup commit failed", metadata: ["error": "\(String(reflecting: error))"])
                metrics.commitFailed()
                throw IngestError.storeUnavailable(String(describing: error))
            }
        }
    }

    /// Pairs and rolls up `spans`, returning once they are committed.
    public func ingest(_ spans: [Span]) async throws {
        guard !spans.isEmpty else { return }
        let now = clock.now()
        let bucket = RollupDelta.minuteBucket(now.timeIntervalSince1970)
        var delta = RollupDelta(expectedOperations: spans.count, expectedEdges: spans.count / 2)
        for span in spans { delta.record(span, bucket: bucket) }
        if !delta.versions.isEmpty {
            let recorded = delta.versions, recordedOperations = delta.versionOperations
            (delta.versions, delta.versionOperations) = versionCap.withLock { cap in
                (cap.capped(recorded, at: now.timeIntervalSince1970), cap.capped(recordedOperations, at: now.timeIntervalSince1970))
            }
        }

        let outcome: Result<PairingEvents, IngestError> = state.withLock { state in
            guard !state.isStopped else { return .failure(.stopped) }
            guard state.queuedSpans + spans.count <= configuration.maximumQueuedSpans else { return .failure(.overloaded) }
            var events = PairingEvents()
            for span in spans { state.pairer.observe(span, at: now, into: &events) }
            state.queuedSpans += spans.count
            return .success(events)
        }
        let events: PairingEvents
        switch outcome {
        case .success(let paired): events = paired
        case .failure(let error):
            if error == .overloaded { metrics.overloaded() }
            throw error
        }
        metrics.record(events)
        for edge in events.edges { delta.record(edge, bucket: bucket) }
        defer { state.withLock { $0.queuedSpans -= spans.count } }
        do {
            try await commits.commit { $0.merge(delta) }
        } catch is CommitsStopped {
            throw IngestError.stopped
        }
    }

    /// Commits batches as they fill, and expires waiting halves, until graceful shutdown; then
    /// commits what is left and refuses further spans.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.expireUntilCancelled() }
            group.addTask { await self.foldUntilCancelled() }
            await withGracefulShutdownHandler {
                await commits.run()
            } onGracefulShutdown: {
                self.state.withLock { $0.isStopped = true }
            }
            group.cancelAll()
        }
        await fold()
    }

    private func foldUntilCancelled() async {
        for await _ in clock.ticks(every: configuration.foldInterval.seconds) { await fold() }
    }

    private func fold() async {
        do {
            try await store.foldPending()
        } catch {
            logger.error("folding the ingest log failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    private func expireUntilCancelled() async {
        for await _ in clock.ticks(every: configuration.expiryInterval.seconds) { expireWaitingHalves() }
    }

    /// Expires halves that waited too long; the edges they become go into the next commit.
    func expireWaitingHalves() {
        let now = clock.now()
        let bucket = RollupDelta.minuteBucket(now.timeIntervalSince1970)
        let (events, pending) = state.withLock { state in
            var events = PairingEvents()
            state.pairer.expire(at: now, into: &events)
            return (events, state.pairer.pendingCount)
        }
        metrics.record(events)
        metrics.pending(pending)
        guard !events.edges.isEmpty else { return }
        commits.add { batch in
            for edge in events.edges { batch.record(edge, bucket: bucket) }
        }
    }
}
