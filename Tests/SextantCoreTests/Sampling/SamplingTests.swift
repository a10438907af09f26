import Foundation
import Testing

@testable import SextantCore

/// Tail sampling as tables: which traces are kept and why, the consistent share by trace id, the
/// per-second cap, and the assembly that holds spans until their trace is judged.
@Suite("Sampling")
struct SamplingTests {
    static func span(_ trace: UInt64, _ id: UInt64, parent: UInt64 = 0, service: String = "api", start: UInt64 = 0, end: UInt64 = 1_000,
                     error: Bool = false) -> Span {
        Span(traceID: TraceID(high: 1, low: trace), spanID: SpanID(id), parentSpanID: parent == 0 ? .none : SpanID(parent), service: service,
             name: "op-\(id)", kind: .server, startNanos: start, endNanos: end, isError: error)
    }

    @Test func tracesAreKeptForTheirErrorsTheirSlownessOrTheirShare() {
        let policy = SamplingPolicy(slowerThanNanos: 2_000_000_000, probability: 0.1, serviceProbabilities: ["checkout": 1, "noisy": 0])
        let ids = (high: TraceID(high: 9, low: 0x00FF_FFFF_FFFF_FFFF), low: TraceID(high: 9, low: 1))   // the most and the least random
        let table: [(TraceSample, SamplingPolicy.Reason?)] = [
            (TraceSample(traceID: ids.low, rootService: "api", rootOperation: "GET", startNanos: 0, durationNanos: 10, spanCount: 3, errorCount: 1), .error),
            (TraceSample(traceID: ids.low, rootService: "api", rootOperation: "GET", startNanos: 0, durationNanos: 2_000_000_000, spanCount: 3, errorCount: 0), .slow),
            (TraceSample(traceID: ids.low, rootService: "api", rootOperation: "GET", startNanos: 0, durationNanos: 10, spanCount: 3, errorCount: 0), nil),
            (TraceSample(traceID: ids.high, rootService: "api", rootOperation: "GET", startNanos: 0, durationNanos: 10, spanCount: 3, errorCount: 0), .sampled),
            (TraceSample(traceID: ids.low, rootService: "checkout", rootOperation: "GET", startNanos: 0, durationNanos: 10, spanCount: 3, errorCount: 0), .sampled),
            (TraceSample(traceID: ids.high, rootService: "noisy", rootOperation: "GET", startNanos: 0, durationNanos: 10, spanCount: 3, errorCount: 0), nil),
            (TraceSample(traceID: ids.high, rootService: "noisy", rootOperation: "GET", startNanos: 0, durationNanos: 10, spanCount: 3, errorCount: 2), .error),
        ]
        for (index, row) in table.enumerated() {
            #expect(policy.decide(row.0) == row.1, "\(index)")
        }
        #expect(SamplingPolicy().decide(table[0].0) == .error && SamplingPolicy().probability == 0.1)
    }

    @Test func theShareIsConsistentByTraceIDAndNestedAcrossProbabilities() {
        var random = SystemRandomNumberGenerator()
        let traces = (0..<20_000).map { _ in TraceID(high: random.next(), low: random.next()) }
        for probability in [0.01, 0.1, 0.5] {
            let kept = traces.filter { SamplingPolicy.isSampled($0, probability: probability) }
            let share = Double(kept.count) / Double(traces.count)
            #expect(abs(share - probability) < 0.02, "\(probability): \(share)")
            // Kept at p, kept at every higher p; the same answer every time.
            #expect(kept.allSatisfy { SamplingPolicy.isSampled($0, probability: min(1, probability * 2)) && SamplingPolicy.isSampled($0, probability: probability) })
        }
        #expect(SamplingPolicy.isSampled(TraceID(high: 0, low: 0), probability: 1) && !SamplingPolicy.isSampled(TraceID(high: 0, low: .max), probability: 0))
    }

    @Test func theCapAdmitsWholeTracesWithinEachSecond() {
        var cap = SpanRateCap(spansPerSecond: 10)
        let table: [(spans: Int, second: Int64, admitted: Bool)] = [(4, 100, true), (6, 100, true), (1, 100, false), (11, 101, false), (10, 101, true), (3, 102, true)]
        for row in table {
            #expect(cap.admit(row.spans, inSecond: row.second) == row.admitted, "\(row)")
        }
    }

    @Test func spansWaitForTheirTraceAndLateOnesFollowTheDecision() {
        var assembly = TraceAssembly(policy: SamplingPolicy(probability: 0), waitNanos: 100, maximumSpans: 1_000)
        #expect(assembly.add(Self.span(1, 1), at: 0).isEmpty)
        #expect(assembly.add(Self.span(1, 2, parent: 1, error: true), at: 50).isEmpty)
        #expect(assembly.add(Self.span(2, 3), at: 60).isEmpty)
        #expect(assembly.due(at: 149).isEmpty)   // trace 1's last span came at 50
        let first = assembly.due(at: 150)
        #expect(first.map(\.traceID.low) == [1] && first.first?.kept == .error && first.first?.spans.count == 2)
        #expect(first.first?.sample?.rootOperation == "op-1" && first.first?.sample?.errorCount == 1)
        let second = assembly.due(at: 160)
        #expect(second.map(\.traceID.low) == [2] && second.first?.kept == nil)
        // A late span of a judged trace follows its decision at once.
        let late = assembly.add(Self.span(1, 4, parent: 1), at: 500)
        #expect(late.count == 1 && late.first?.kept == .error && late.first?.sample == nil)
        #expect(assembly.held == 0)
    }

    @Test func heldSpansStayBoundedByDecidingTheOldestEarly() {
        var assembly = TraceAssembly(policy: SamplingPolicy(probability: 1), waitNanos: 1_000_000, maximumSpans: 5, rememberedDecisions: 2)
        var decided: [UInt64] = []
        for trace in UInt64(1)...4 {
            for id in UInt64(1)...2 {
                decided += assembly.add(Self.span(trace, trace * 10 + id), at: trace).map(\.traceID.low)
                #expect(assembly.held <= 5)
            }
        }
        #expect(decided == [1, 2])   // the oldest, whole, when the sixth span came
        #expect(assembly.flush().map(\.traceID.low) == [3, 4] && assembly.held == 0)
        // Only the newest two decisions are remembered: trace 1's late span starts anew.
        #expect(assembly.add(Self.span(1, 99), at: 10).isEmpty && assembly.add(Self.span(4, 98), at: 10).count == 1)
    }
}
