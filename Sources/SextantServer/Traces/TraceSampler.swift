import Foundation
import Logging
import Prometheus
import SextantCore
import SextantStorage
import SextantWire
import ServiceLifecycle
import Synchronization

/// Tail sampling in front of span storage: every span the pipeline committed is offered here,
/// held by trace until the trace's wait is over (Core's ``TraceAssembly``), judged by the
/// ``SamplingPolicy``, capped per second, and the kept traces are written to the ``SpanStore``.
///
/// Rollups count every span before this sees it; what waits here is only raw spans, so a crash
/// loses the undecided traces' raw spans (never a count). Memory is bounded by the assembly's
/// held spans and by the ready queue.
final class TraceSampler: Service, Sendable {
    private struct State {
        var assembly: TraceAssembly
        var cap: SpanRateCap
        var ready: [TraceAssembly.Decision] = []
        var readySpans = 0
    }

    private let state: Mutex<State>
    private let store: any SpanStore
    private let clock: any WallClock
    private let logger: Logger
    private let maximumReadySpans: Int
    private let keptSpans: Counter
    private let droppedSpans: Counter
    private let cappedSpans: Counter
    private let heldSpans: Gauge

    init(configuration: ServerConfiguration, store: any SpanStore, registry: PrometheusCollectorRegistry, clock: any WallClock, logger: Logger) {
        state = Mutex(State(
            assembly: TraceAssembly(policy: configuration.sampling, waitNanos: UInt64(configuration.samplingWait * 1e9),
                                    maximumSpans: configuration.samplingMaximumHeldSpans),
            cap: SpanRateCap(spansPerSecond: configuration.keptSpansPerSecond)))
        self.store = store
        self.clock = clock
        self.logger = logger
        maximumReadySpans = configuration.samplingMaximumHeldSpans
        keptSpans = registry.counter("sextant_trace_spans_kept_total", help: "Raw spans the sampler kept and stored.")
        droppedSpans = registry.counter("sextant_trace_spans_dropped_total", help: "Raw spans the sampler did not keep (rollups counted them).")
        cappedSpans = registry.counter("sextant_trace_spans_capped_total", help: "Raw spans of kept traces dropped by the per-second cap or a full queue.")
        heldSpans = registry.gauge("sextant_trace_spans_held", help: "Raw spans held while their traces wait to be judged.")
    }

    /// Takes the committed spans of one request.
    func offer(_ spans: [Span]) {
        let now = UInt64(clock.now().timeIntervalSince1970 * 1e9)
        state.withLock { state in
            for span in spans where span.payload != nil {
                for decision in state.assembly.add(span, at: now) { enqueue(decision, into: &state) }
            }
        }
    }

    private func enqueue(_ decision: TraceAssembly.Decision, into state: inout State) {
        guard decision.kept != nil else {
            droppedSpans.increment(by: Int64(decision.spanCount))
            return
        }
        guard state.readySpans + decision.spans.count <= maximumReadySpans else {
            cappedSpans.increment(by: Int64(decision.spans.count))
            return
        }
        state.ready.append(decision)
        state.readySpans += decision.spans.count
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in self.clock.ticks(every: 0.25) { await self.writeDue(flushing: false) }
        }
        await writeDue(flushing: true)
    }

    /// Judges the traces whose wait is over (all of them when `flushing`) and stores the kept ones.
    func writeDue(flushing: Bool) async {
        let now = clock.now()
        let nanos = UInt64(now.timeIntervalSince1970 * 1e9)
        let admitted: [TraceAssembly.Decision] = state.withLock { state in
            for decision in flushing ? state.assembly.flush() : state.assembly.due(at: nanos) { enqueue(decision, into: &state) }
            let ready = state.ready
            state.ready = []
            state.readySpans = 0
            heldSpans.set(Double(state.assembly.held))
            let second = Int64(now.timeIntervalSince1970)
            return ready.filter { decision in
                guard state.cap.admit(decision.spans.count, inSecond: second) else {
                    cappedSpans.increment(by: Int64(decision.spans.count))
                    return false
                }
                return true
            }
        }
        guard !admitted.isEmpty else { return }
        // Encoding happens outside the lock, so that requests offering spans do not wait for it.
        let kept = admitted.map(Self.kept)
        do {
            try await store.append(kept, now: now)
            keptSpans.increment(by: Int64(kept.reduce(0) { $0 + $1.spans.count }))
        } catch {
            logger.error("storing kept traces failed", metadata: ["error": "\(String(reflecting: error))", "traces": "\(kept.count)"])
            cappedSpans.increment(by: Int64(kept.reduce(0) { $0 + $1.spans.count }))
        }
    }

    static func kept(_ decision: TraceAssembly.Decision) -> KeptTrace {
        let sample = decision.sample ?? TraceSample(spans: decision.spans)
        let summary = TraceSummary(traceID: decision.traceID, rootService: sample.rootService, rootOperation: sample.rootOperation,
                                   startNanos: Int64(clamping: sample.startNanos), durationNanos: Int64(clamping: sample.durationNanos),
                                   spanCount: sample.spanCount, errorCount: sample.errorCount)
        let rows = decision.spans.map { span in
            KeptTrace.SpanRow(service: span.service, name: span.name, startNanos: Int64(clamping: span.startNanos),
                              durationNanos: Int64(clamping: span.endNanos > span.startNanos ? span.endNanos - span.startNanos : 0), isError: span.isError)
        }
        return KeptTrace(summary: summary, spans: rows, payload: OTLPTraceData.encode(decision.spans))
    }
}
