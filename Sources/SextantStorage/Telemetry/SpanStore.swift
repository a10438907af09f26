import Foundation
import SextantCore

/// A trace the sampler kept (or later spans of one), ready to store: its summary, a row per
/// span for search, and the spans themselves as OTLP `TracesData`.
public struct KeptTrace: Sendable, Equatable {
    public struct SpanRow: Sendable, Equatable {
        public var service: String
        public var name: String
        public var startNanos: Int64
        public var durationNanos: Int64
        public var isError: Bool

        public init(service: String, name: String, startNanos: Int64, durationNanos: Int64, isError: Bool) {
            self.service = service
            self.name = name
            self.startNanos = startNanos
            self.durationNanos = durationNanos
            self.isError = isError
        }
    }

    public var summary: TraceSummary
    public var spans: [SpanRow]
    public var payload: [UInt8]

    public init(summary: TraceSummary, spans: [SpanRow], payload: [UInt8]) {
        self.summary = summary
        self.spans = spans
        self.payload = payload
    }
}

/// What a trace search lists: the trace's root, how long it took, how many spans and errors.
public struct TraceSummary: Sendable, Equatable {
    public var traceID: TraceID
    public var rootService: String
    public var rootOperation: String
    public var startNanos: Int64
    public var durationNanos: Int64
    public var spanCount: Int
    public var errorCount: Int

    public init(traceID: TraceID, rootService: String, rootOperation: String, startNanos: Int64, durationNanos: Int64, spanCount: Int, errorCount: Int) {
        self.traceID = traceID
        self.rootService = rootService
        self.rootOperation = rootOperation
        self.startNanos = startNanos
        self.durationNanos = durationNanos
        self.spanCount = spanCount
        self.errorCount = errorCount
    }
}

/// A stored trace: its summary (the parts stored at different times merged) and its parts as
/// OTLP `TracesData`, which joined are one message.
public struct StoredTrace: Sendable, Equatable {
    public var summary: TraceSummary
    public var payloads: [[UInt8]]

    public init(summary: TraceSummary, payloads: [[UInt8]]) {
        self.summary = summary
        self.payloads = payloads
    }
}

/// Which traces a search wants, before attribute filters (applied by the caller to the spans).
public struct TraceSearch: Sendable, Equatable {
    /// A span of this service (and of `operation`, when given) must match the span conditions.
    public var service: String?
    public var operation: String?
    public var startNanos: Int64
    public var endNanos: Int64
    public var minimumDurationNanos: Int64?
    public var maximumDurationNanos: Int64?
    public var errorsOnly: Bool
    public var limit: Int

    public init(service: String? = nil, operation: String? = nil, startNanos: Int64, endNanos: Int64, minimumDurationNanos: Int64? = nil,
                maximumDurationNanos: Int64? = nil, errorsOnly: Bool = false, limit: Int) {
        self.service = service
        self.operation = operation
        self.startNanos = startNanos
        self.endNanos = endNanos
        self.minimumDurationNanos = minimumDurationNanos
        self.maximumDurationNanos = maximumDurationNanos
        self.errorsOnly = errorsOnly
        self.limit = limit
    }
}

/// Where kept traces are stored and searched. The SQL store keeps them in tables per time
/// bucket; a columnar store (ClickHouse) can stand behind the same protocol.
public protocol SpanStore: Sendable {
    /// Stores kept traces (bucketed by each trace's start, `now` when it is not near `now`).
    func append(_ traces: [KeptTrace], now: Date) async throws
    /// Every stored part of a trace, or `nil` when none is stored.
    func trace(_ id: TraceID) async throws -> StoredTrace?
    /// The newest traces that match, at most `limit`, newest first.
    func search(_ search: TraceSearch) async throws -> [StoredTrace]
    /// The services with stored spans since `since` (seconds since 1970), sorted.
    func services(since: Int64) async throws -> [String]
    /// A service's operations with stored spans since `since`, sorted.
    func operations(of service: String, since: Int64) async throws -> [String]
    /// Drops what ended before `cutoff` (whole buckets); how many buckets went.
    func expire(before cutoff: Date) async throws -> Int
}
