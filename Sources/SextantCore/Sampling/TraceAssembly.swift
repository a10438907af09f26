/// Spans held by trace until the trace is judged, as the Collector's tail sampler holds them:
/// a trace is decided `wait` after its last span arrived, or early, oldest first, when more than
/// `maximumSpans` are held (memory stays bounded). Decisions are remembered for a while
/// (`rememberedDecisions` of them), so a span that arrives after its trace was judged follows the
/// decision instead of starting a trace of its own. Time is whatever the caller passes: no clock.
public struct TraceAssembly: Sendable {
    /// What to do with spans: keep them (with the reason) or drop them.
    public struct Decision: Sendable, Equatable {
        public var traceID: TraceID
        public var kept: SamplingPolicy.Reason?
        public var spans: [Span]
        public var sample: TraceSample?
    }

    private struct Pending {
        var spans: [Span]
        var lastArrival: UInt64
        var firstArrival: UInt64
    }

    public let policy: SamplingPolicy
    public let waitNanos: UInt64
    public let maximumSpans: Int
    public let rememberedDecisions: Int
    private var pending: [TraceID: Pending] = [:]
    /// Trace ids by first arrival, for deciding the oldest early; ids already decided are skipped.
    private var arrivals: [TraceID] = []
    private var arrivalsHead = 0
    private var heldSpans = 0
    private var decided: [TraceID: SamplingPolicy.Reason?] = [:]
    private var decidedOrder: [TraceID] = []
    private var decidedHead = 0

    public init(policy: SamplingPolicy, waitNanos: UInt64, maximumSpans: Int, rememberedDecisions: Int = 100_000) {
        self.policy = policy
        self.waitNanos = waitNanos
        self.maximumSpans = maximumSpans
        self.rememberedDecisions = rememberedDecisions
    }

    /// The spans held now.
    public var held: Int { heldSpans }

    /// Takes `span` at `now`; returns what is decided at once: the span itself when its trace was
    /// already judged, or the oldest traces when the held spans exceed the bound.
    public mutating func add(_ span: Span, at now: UInt64) -> [Decision] {
        if let earlier = decided[span.traceID] {
            return [Decision(traceID: span.traceID, kept: earlier, spans: [span], sample: nil)]
        }
        if pending[span.traceID] == nil { arrivals.append(span.traceID) }
        pending[span.traceID, default: Pending(spans: [], lastArrival: now, firstArrival: now)].spans.append(span)
        pending[span.traceID]!.lastArrival = now
        heldSpans += 1
        var early: [Decision] = []
        while heldSpans > maximumSpans, arrivalsHead < arrivals.count {
            let oldest = arrivals[arrivalsHead]
            arrivalsHead += 1
            if pending[oldest] != nil { early.append(decide(oldest)) }
        }
        if arrivalsHead > 1_024, arrivalsHead * 2 > arrivals.count {
            arrivals.removeFirst(arrivalsHead)
            arrivalsHead = 0
        }
        return early
    }

    /// The traces whose wait is over at `now`, decided.
    public mutating func due(at now: UInt64) -> [Decision] {
        let ready = pending.filter { now >= $0.value.lastArrival &+ waitNanos }.sorted { $0.value.firstArrival < $1.value.firstArrival }.map(\.key)
        let decisions = ready.map { decide($0) }
        // The same pass over what is held keeps the arrival order to the traces still held.
        arrivals = arrivals[arrivalsHead...].filter { pending[$0] != nil }
        arrivalsHead = 0
        return decisions
    }

    /// Every held trace, decided now (at shutdown).
    public mutating func flush() -> [Decision] {
        pending.sorted { $0.value.firstArrival < $1.value.firstArrival }.map(\.key).map { decide($0) }
    }

    private mutating func decide(_ traceID: TraceID) -> Decision {
        let spans = pending.removeValue(forKey: traceID)?.spans ?? []
        heldSpans -= spans.count
        let sample = TraceSample(spans: spans)
        let kept = policy.decide(sample)
        remember(traceID, kept)
        return Decision(traceID: traceID, kept: kept, spans: spans, sample: sample)
    }

    private mutating func remember(_ traceID: TraceID, _ kept: SamplingPolicy.Reason?) {
        decided[traceID] = .some(kept)
        decidedOrder.append(traceID)
        if decidedOrder.count - decidedHead > rememberedDecisions {
            decided[decidedOrder[decidedHead]] = nil
            decidedHead += 1
            if decidedHead > rememberedDecisions {
                decidedOrder.removeFirst(decidedHead)
                decidedHead = 0
            }
        }
    }
}
