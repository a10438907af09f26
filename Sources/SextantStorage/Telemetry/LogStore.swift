import Foundation
import SextantCore

/// A log line to store: its stream (the label set, as `{a="1", b="2"}` in sorted order), when,
/// the line, the trace context, and structured metadata as JSON.
public struct LogLineRecord: Sendable, Equatable {
    public var stream: Int64
    public var timestampNanos: Int64
    public var line: String
    public var traceID: TraceID?
    public var spanID: SpanID?
    /// Structured metadata (the record's attributes, its severity) as a JSON object, or `nil`.
    public var metadata: String?

    public init(stream: Int64, timestampNanos: Int64, line: String, traceID: TraceID? = nil, spanID: SpanID? = nil, metadata: String? = nil) {
        self.stream = stream
        self.timestampNanos = timestampNanos
        self.line = line
        self.traceID = traceID
        self.spanID = spanID
        self.metadata = metadata
    }
}

/// A stream: its number and its label set's text.
public struct LogStream: Sendable, Equatable {
    public var id: Int64
    public var labels: String

    public init(id: Int64, labels: String) {
        self.id = id
        self.labels = labels
    }
}

/// Where log lines are stored and read, by stream and time. The SQL store keeps them in tables
/// per time bucket; a columnar store can stand behind the same protocol.
public protocol LogStore: Sendable {
    /// Every stream, oldest first.
    func streams() async throws -> [LogStream]
    /// The streams for these label texts, numbering new ones; throws ``StreamLimitReached`` when
    /// new ones would make more than `maximumStreams`.
    func streamIDs(for labels: [String], maximumStreams: Int, now: Date) async throws -> [String: Int64]
    /// Stores lines (bucketed by their time, `now` when it is far off), all or none.
    func append(_ lines: [LogLineRecord], now: Date) async throws
    /// Lines of these streams from `start` to `end` (nanoseconds, inclusive), newest first
    /// (`backward`) or oldest first, at most `limit`.
    func lines(streams: [Int64], startNanos: Int64, endNanos: Int64, limit: Int, backward: Bool) async throws -> [LogLineRecord]
    /// The lines that carry `traceID`, oldest first, at most `limit`.
    func lines(traceID: TraceID, limit: Int) async throws -> [LogLineRecord]
    /// The streams with lines from `start` to `end` (nanoseconds).
    func activeStreams(startNanos: Int64, endNanos: Int64) async throws -> Set<Int64>
    /// Drops what ended before `cutoff` (whole buckets); how many buckets went.
    func expire(before cutoff: Date) async throws -> Int
}

/// New streams would make more than the limit allows.
public struct StreamLimitReached: Error, Sendable, Equatable {
    public let maximum: Int
}
