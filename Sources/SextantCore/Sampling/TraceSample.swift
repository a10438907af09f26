/// A trace as the sampler judges it, once its wait is over: its root, how long it took, how
/// many spans it has and how many failed.
public struct TraceSample: Sendable, Equatable {
    public var traceID: TraceID
    /// The service and operation of the root span (the earliest span when no root arrived).
    public var rootService: String
    public var rootOperation: String
    public var startNanos: UInt64
    public var durationNanos: UInt64
    public var spanCount: Int
    public var errorCount: Int

    public init(traceID: TraceID, rootService: String, rootOperation: String, startNanos: UInt64, durationNanos: UInt64, spanCount: Int,
                errorCount: Int) {
        self.traceID = traceID
        self.rootService = rootService
        self.rootOperation = rootOperation
        self.startNanos = startNanos
        self.durationNanos = durationNanos
        self.spanCount = spanCount
        self.errorCount = errorCount
    }

    /// The sample of `spans`, all of one trace (at least one).
    public init(spans: [Span]) {
        let root = spans.first { $0.parentSpanID == .none } ?? spans.min { $0.startNanos < $1.startNanos }!
        let start = spans.map(\.startNanos).min()!
        let end = spans.map(\.endNanos).max()!
        self.init(traceID: root.traceID, rootService: root.service, rootOperation: root.name, startNanos: start, durationNanos: end >= start ? end - start : 0,
                  spanCount: spans.count, errorCount: spans.filter(\.isError).count)
    }
}
