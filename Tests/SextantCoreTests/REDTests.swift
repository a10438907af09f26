import Testing
import SextantCore

@Suite("Latency histograms and RED rollups")
struct REDTests {
    @Test func bucketsAreChosenByUpperBound() {
        #expect(LatencyHistogram.bucket(for: 0) == 0)
        #expect(LatencyHistogram.bucket(for: 0.001) == 0)
        #expect(LatencyHistogram.bucket(for: 0.0011) == 1)
        #expect(LatencyHistogram.bucket(for: 30) == 13)
        #expect(LatencyHistogram.bucket(for: 31) == 14)
        #expect(LatencyHistogram.bucketCount == 15)
        #expect(LatencyHistogram.bucketCount == LatencyHistogram.bounds.count + 1)
    }

    @Test func histogramsCompareAndHashByTheirCountsAndSum() {
        let counts: [Int64] = (0..<15).map { Int64($0 * 3 + 1) }
        let histogram = LatencyHistogram(counts: counts, sum: 4.5)
        #expect(histogram.counts == counts)
        #expect(histogram.count == counts.reduce(0, +))
        #expect((0..<15).map { histogram.count(inBucket: $0) } == counts)
        var rebuilt = LatencyHistogram()
        for (index, count) in counts.enumerated() { rebuilt.add(count, toBucket: index) }
        rebuilt.addToSum(4.5)
        #expect(rebuilt == histogram && rebuilt.hashValue == histogram.hashValue)
        var other = counts
        other[14] += 1
        #expect(LatencyHistogram(counts: other, sum: 4.5) != histogram)
        #expect(LatencyHistogram(counts: counts, sum: 4.25) != histogram)
        #expect(Set([histogram, rebuilt, LatencyHistogram(counts: other, sum: 4.5)]).count == 2)
    }

    @Test func quantilesInterpolateAsPrometheusDoes() throws {
        var histogram = LatencyHistogram()
        for _ in 0..<50 { histogram.record(0.02) }   // bucket (0.01, 0.025]
        for _ in 0..<50 { histogram.record(0.2) }    // bucket (0.1, 0.25]
        // rank 50 is the last observation of the first occupied bucket: its upper bound.
        #expect(try #require(histogram.quantile(0.5)) == 0.025)
        // rank 95: 45 of 50 into (0.1, 0.25].
        let p95 = try #require(histogram.quantile(0.95))
        let expected: Double = 0.1 + 0.15 * 45.0 / 50.0
        #expect(abs(p95 - expected) < 1e-12)
        #expect(LatencyHistogram().quantile(0.5) == nil)
        var slow = LatencyHistogram()
        slow.record(100)
        #expect(slow.quantile(0.99) == 30)
        #expect(histogram.count == 100)
        #expect(abs(histogram.sum - 11) < 1e-9)
    }

    @Test func deltasCountSpansAndEdgesPerMinuteAndMerge() {
        let trace = TraceBuilder()
        var first = RollupDelta()
        let minute = RollupDelta.minuteBucket(1_700_000_059.9)
        #expect(minute == 1_700_000_040)
        first.record(trace.span(1, "api-service", .server, name: "GET /users", ms: 20), bucket: minute)
        first.record(trace.span(2, "api-service", .server, name: "GET /users", ms: 40, error: true), bucket: minute)
        var failing = trace.span(3, "api-service", .server, name: "GET /users", ms: 5)
        failing.httpStatusCode = 503
        var second = RollupDelta()
        second.record(failing, bucket: minute)
        second.record(EdgeObservation(client: "frontend", server: "api-service", connectionType: .direct, isFailed: false,
                                      clientSeconds: 0.05, serverSeconds: nil), bucket: minute)
        first.merge(second)
        let key = OperationKey(service: "api-service", operation: "GET /users", kind: .server, bucket: minute)
        let rollup = first.operations[key]
        #expect(rollup?.requests == 3 && rollup?.errors == 1 && rollup?.serverErrors == 1)
        #expect(rollup?.latency.count == 3)
        #expect(first.spanCount == 3)
        let edge = first.edges[EdgeKey(client: "frontend", server: "api-service", connectionType: .direct, bucket: minute)]
        #expect(edge?.requests == 1 && edge?.serverLatency.count == 0 && edge?.clientLatency.count == 1)
        #expect(edge?.latency == edge?.clientLatency)
    }

    /// A merge adds the smaller delta into the larger one: the sum is the same either way, and
    /// merging into an empty delta gives the other one whole.
    @Test func mergingDeltasGivesTheSameSumEitherWay() {
        let trace = TraceBuilder()
        let minute: Int64 = 1_700_000_040
        var small = RollupDelta(), large = RollupDelta()
        small.record(trace.span(1, "api-service", .server, name: "GET /users", ms: 20), bucket: minute)
        for index in 0..<5 {
            var span = trace.span(UInt64(10 + index), "api-service", .server, name: "GET /item/\(index % 3)", ms: UInt64(5 * index), error: index == 4)
            span.version = "1.\(index % 2)"
            large.record(span, bucket: minute)
            large.record(EdgeObservation(client: "web", server: "api-service", connectionType: .direct, isFailed: index == 4,
                                         clientSeconds: 0.01, serverSeconds: 0.008), bucket: minute + 60 * Int64(index % 2))
        }
        large.record(trace.span(20, "api-service", .server, name: "GET /users", ms: 30), bucket: minute)
        var smallFirst = small, largeFirst = large, empty = RollupDelta()
        smallFirst.merge(large)
        largeFirst.merge(small)
        empty.merge(large)
        #expect(smallFirst == largeFirst)
        #expect(empty == large)
        #expect(smallFirst.spanCount == 7)
        #expect(smallFirst.operations[OperationKey(service: "api-service", operation: "GET /users", kind: .server, bucket: minute)]?.requests == 2)
        #expect(smallFirst.versionOperations.count == large.versionOperations.count && !large.versions.isEmpty)
    }

    @Test func summariesGiveRateErrorRatioAndQuantiles() throws {
        var rollup = OperationRollup()
        var latency = LatencyHistogram()
        for _ in 0..<300 { latency.record(0.004) }
        rollup.merge(OperationRollup(requests: 300, errors: 15, serverErrors: 3, latency: latency))
        let summary = REDSummary(windowSeconds: 300, rollups: [rollup])
        #expect(summary.rate == 1)
        #expect(summary.errorRatio == 0.05)
        #expect(try #require(summary.p99) <= 0.005 && (summary.p50 ?? 0) > 0.0025)
        #expect(REDSummary(windowSeconds: 60, rollups: [OperationRollup]()).errorRatio == nil)
    }

    @Test func retentionPassesFoldWholeHours() {
        let retention = RollupRetention(minuteRetention: 8 * 86_400, hourRetention: 400 * 86_400)
        let now: Int64 = 1_700_003_725  // 1,700,003,725 = 472,223 hours + 0.9 h
        let pass = retention.pass(at: now)
        #expect(pass.downsampleBefore % 3_600 == 0)
        #expect(pass.downsampleBefore <= now - 8 * 86_400 && pass.downsampleBefore > now - 8 * 86_400 - 3_600)
        #expect(pass.deleteHoursBefore == RollupRetention.hourBucket(now - 400 * 86_400))
        #expect(RollupRetention.hourBucket(-1) == -3_600)
    }
}
