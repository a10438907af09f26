import Foundation
import Logging
import SextantCore
import SextantStorage
import ServiceLifecycle
import Synchronization

/// Takes the spans of export requests, pairs them into edges, rolls them up, and commits them
/// in groups: every request waiting when a commit starts is answered by that one transaction,
/// which appends the merged rollups to the ingest log; a fold adds the log to the rollup tables
/// in the background (and before telemetry is read).
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
        /// How often the ingest log is folded into the rollups.
        public var foldInterval: Duration = .seconds(1)

        public init() {}
    }

    private struct State {
        var pairer: ServiceGraphPairer
        var batch = RollupDelta()
        var waiters: [CheckedContinuation<Void, any Error>] = []
        /// Spans in `batch` and in the commit under way.
        var queuedSpans = 0
        var isStopped = false
    }

    private let state: Mutex<State>
    private let store: any RollupStore
    private let clock: any WallClock
    private let configuration: Configuration
    private let metrics: IngestMetrics
    private let logger: Logger
    private let wakeUp: AsyncStream<Void>.Continuation
    private let wakeUps: AsyncStream<Void>

    public init(store: any RollupStore, clock: any WallClock, configuration: Configuration, metrics: IngestMetrics, logger: Logger) {
        self.store = store
        self.clock = clock
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.state = Mutex(State(pairer: ServiceGraphPairer(configuration: configuration.pairing)))
        (self.wakeUps, self.wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Pairs and rolls up `spans`, returning once they are committed.
    public func ingest(_ spans: [Span]) async throws {
        guard !spans.isEmpty else { return }
        let now = clock.now()
        let bucket = RollupDelta.minuteBucket(now.timeIntervalSince1970)
        var delta = RollupDelta(expectedOperations: spans.count, expectedEdges: spans.count / 2)
        for span in spans { delta.record(span, bucket: bucket) }

        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome: Result<PairingEvents, IngestError> = state.withLock { state in
                guard !state.isStopped else { return .failure(.stopped) }
                guard state.queuedSpans + spans.count <= configuration.maximumQueuedSpans else { return .failure(.overloaded) }
                var events = PairingEvents()
                for span in spans { state.pairer.observe(span, at: now, into: &events) }
                for edge in events.edges { delta.record(edge, bucket: bucket) }
                state.batch.merge(delta)
                state.queuedSpans += spans.count
                state.waiters.append(continuation)
                return .success(events)
            }
            switch outcome {
            case .success(let events):
                metrics.record(events)
                wakeUp.yield()
            case .failure(let error):
                if error == .overloaded { metrics.overloaded() }
                continuation.resume(throwing: error)
            }
        }
    }

    /// Commits batches as they fill, and expires waiting halves, until graceful shutdown; then
    /// commits what is left and refuses further spans.
    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.expireUntilCancelled() }
            group.addTask { await self.foldUntilCancelled() }
            await withGracefulShutdownHandler {
                for await _ in self.wakeUps {
                    await self.commitPending()
                    if self.state.withLock({ $0.isStopped }) { break }
                }
            } onGracefulShutdown: {
                self.state.withLock { $0.isStopped = true }
                self.wakeUp.yield()
            }
            group.cancelAll()
        }
        await commitPending()
        await fold()
    }

    /// Commits everything waiting in one transaction and answers its requests.
    private func commitPending() async {
        let (batch, waiters) = state.withLock { state in
            defer {
                // The next batch is likely about as large as this one.
                state.batch = RollupDelta(expectedOperations: state.batch.operations.count, expectedEdges: state.batch.edges.count)
                state.waiters = []
            }
            return (state.batch, state.waiters)
        }
        guard !batch.isEmpty || !waiters.isEmpty else { return }
        let started = ContinuousClock.now
        do {
            try await store.commit(batch, at: clock.now())
            metrics.committed(spans: batch.spanCount, seconds: (ContinuousClock.now - started).seconds)
            for waiter in waiters { waiter.resume() }
        } catch {
            logger.error("telemetry commit failed", metadata: ["error": "\(String(reflecting: error))", "ingest.requests": "\(waiters.count)"])
            metrics.commitFailed()
            for waiter in waiters { waiter.resume(throwing: IngestError.storeUnavailable(String(describing: error))) }
        }
        state.withLock { $0.queuedSpans -= batch.spanCount }
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
            for edge in events.edges { state.batch.record(edge, bucket: bucket) }
            return (events, state.pairer.pendingCount)
        }
        metrics.record(events)
        metrics.pending(pending)
        if !events.edges.isEmpty { wakeUp.yield() }
    }
}
