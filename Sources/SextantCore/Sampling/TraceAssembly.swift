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
        /// The spans, when kept; empty when dropped (then only counted).
        public var spans: [Span]
        public var spanCount: Int
        public var sample: TraceSample?
    }

    /// A held trace: its spans are a list through the arena, its sample is kept up to date.
    private struct Pending {
        var head: Int32
        var tail: Int32
        var lastArrival: UInt64
        var firstArrival: UInt64
        var count = 1
        var errors = 0
        var start: UInt64
        var end: UInt64
        /// The root's (a span without a parent), else the earliest span's.
        var rootService: String
        var rootOperation: String
        var hasRoot: Bool
        var rootStart: UInt64

        init(_ span: Span, slot: Int32, at now: UInt64) {
            head = slot
            tail = slot
            lastArrival = now
            firstArrival = now
            errors = span.isError ? 1 : 0
            start = span.startNanos
            end = span.endNanos
            rootService = span.service
            rootOperation = span.name
            hasRoot = span.parentSpanID == .none
            rootStart = span.startNanos
        }

        mutating func add(_ span: Span, slot: Int32) {
            tail = slot
            count += 1
            if span.isError { errors += 1 }
            start = min(start, span.startNanos)
            end = max(end, span.endNanos)
            let isRoot = span.parentSpanID == .none
            if (isRoot && !hasRoot) || (!hasRoot && span.startNanos < rootStart) {
                rootService = span.service
                rootOperation = span.name
                rootStart = span.startNanos
                hasRoot = isRoot
            }
        }

        func sample(_ traceID: TraceID) -> TraceSample {
            TraceSample(traceID: traceID, rootService: rootService, rootOperation: rootOperation, startNanos: start,
                        durationNanos: end >= start ? end - start : 0, spanCount: count, errorCount: errors)
        }
    }

    public let policy: SamplingPolicy
    public let waitNanos: UInt64
    public let maximumSpans: Int
    public let rememberedDecisions: Int
    private var pending: [TraceID: Pending] = [:]
    /// Held spans in one arena (no allocation per trace): each slot links to its trace's next
    /// span; freed slots form a list for reuse.
    private var slots: [Span?] = []
    private var next: [Int32] = []
    private var free: Int32 = -1
    /// When each trace is due, in the order spans arrived: an entry per trace and arrival time
    /// (a trace that gets more spans later has later entries; its earlier ones are skipped). The
    /// head is the oldest trace, for deciding early; a tick pops only what is due.
    private var queue: [(due: UInt64, traceID: TraceID)] = []
    private var queueHead = 0
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
            return [Decision(traceID: span.traceID, kept: earlier, spans: earlier == nil ? [] : [span], spanCount: 1, sample: nil)]
        }
        let slot = store(span)
        let due = now &+ waitNanos
        if let index = pending.index(forKey: span.traceID) {
            let tail = pending.values[index].tail
            next[Int(tail)] = slot
            pending.values[index].add(span, slot: slot)
            if pending.values[index].lastArrival != now {
                pending.values[index].lastArrival = now
                queue.append((due, span.traceID))
            }
        } else {
            pending[span.traceID] = Pending(span, slot: slot, at: now)
            queue.append((due, span.traceID))
        }
        heldSpans += 1
        var early: [Decision] = []
        while heldSpans > maximumSpans, queueHead < queue.count {
            let oldest = queue[queueHead].traceID
            queueHead += 1
            if pending[oldest] != nil { early.append(decide(oldest)) }
        }
        compactQueue()
        return early
    }

    /// The traces whose wait is over at `now`, decided (oldest first).
    public mutating func due(at now: UInt64) -> [Decision] {
        var decisions: [Decision] = []
        while queueHead < queue.count, queue[queueHead].due <= now {
            let (due, traceID) = queue[queueHead]
            queueHead += 1
            // Only a trace's latest entry decides it; earlier ones are stale.
            if let held = pending[traceID], held.lastArrival &+ waitNanos == due { decisions.append(decide(traceID)) }
        }
        compactQueue()
        return decisions
    }

    /// Every held trace, decided now (at shutdown).
    public mutating func flush() -> [Decision] {
        let decisions = pending.sorted { $0.value.firstArrival < $1.value.firstArrival }.map(\.key).map { decide($0) }
        queue = []
        queueHead = 0
        return decisions
    }

    private mutating func store(_ span: Span) -> Int32 {
        if free >= 0 {
            let slot = free
            free = next[Int(slot)]
            slots[Int(slot)] = span
            next[Int(slot)] = -1
            return slot
        }
        slots.append(span)
        next.append(-1)
        return Int32(slots.count - 1)
    }

    private mutating func compactQueue() {
        if queueHead > 4_096, queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
    }

    private mutating func decide(_ traceID: TraceID) -> Decision {
        guard let held = pending.removeValue(forKey: traceID) else {
            return Decision(traceID: traceID, kept: nil, spans: [], spanCount: 0, sample: nil)
        }
        heldSpans -= held.count
        let sample = held.sample(traceID)
        let kept = policy.decide(sample)
        var spans: [Span] = []
        if kept != nil { spans.reserveCapacity(held.count) }
        var slot = held.head
        while slot >= 0 {
            let following = next[Int(slot)]
            if kept != nil, let span = slots[Int(slot)] { spans.append(span) }
            slots[Int(slot)] = nil
            next[Int(slot)] = free
            free = slot
            slot = following
        }
        remember(traceID, kept)
        return Decision(traceID: traceID, kept: kept, spans: spans, spanCount: held.count, sample: sample)
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
