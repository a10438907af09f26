import Foundation
import SextantCore
import SextantStorage
import SextantWire

/// Searches stored traces: the store narrows by service, operation, time, duration and errors;
/// conditions on attributes (Jaeger's tags, TraceQL) are checked here on the spans, reading at
/// most ``maximumCandidates`` traces for one answer.
struct TraceFinder: Sendable {
    let store: any SpanStore
    let clock: any WallClock
    /// How far back anything is stored: wider ranges are clamped to it.
    let retention: TimeInterval

    static let maximumCandidates = 2_000

    struct Found {
        var trace: StoredTrace
        var matched: [RecordedSpan]
    }

    /// The newest `want` traces of `search` with a span that `matches` (every trace when `nil`).
    func find(_ search: TraceSearch, want: Int, matches: (@Sendable (RecordedSpan) -> Bool)?) async throws -> [Found] {
        var search = search
        search.startNanos = max(search.startNanos, Int64((clock.now().timeIntervalSince1970 - retention - 86_400) * 1e9))
        search.limit = matches == nil ? want : min(Self.maximumCandidates, max(want * 20, 200))
        let candidates = try await store.search(search)
        var found: [Found] = []
        for trace in candidates where found.count < want {
            let spans = TraceRendering.spans(of: trace)
            if let matches {
                let matched = spans.filter(matches)
                if !matched.isEmpty { found.append(Found(trace: trace, matched: matched)) }
            } else {
                found.append(Found(trace: trace, matched: spans.filter { $0.parentSpanID == .none }))
            }
        }
        return found
    }

    /// Jaeger's tag condition on a span: the span's attributes, its resource's, or `error`.
    static func hasTags(_ tags: [String: String], _ span: RecordedSpan) -> Bool {
        tags.allSatisfy { key, value in
            if key == "error" { return (value == "true") == span.isError }
            if key == "span.kind" { return span.kind.name == value }
            return (span.attributes[key] ?? span.resource[key])?.text == value
        }
    }
}
