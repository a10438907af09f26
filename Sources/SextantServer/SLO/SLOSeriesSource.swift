import Foundation
import SextantCore
import SextantOutbound
import SextantStorage
import SextantWire

/// Reads an objective's events as buckets: from Sextant's rollups, or from Prometheus.
struct SLOSeriesSource: Sendable {
    let rollups: any RollupSeriesStore
    let prometheus: PrometheusClient?

    /// What one read gives: the buckets, and the latency of the last five minutes (rollup
    /// indicators only), for `latency_p95_seconds`.
    struct Read: Sendable {
        var buckets: [EventBucket]
        var recentLatency: LatencyHistogram?
    }

    /// The source over the series as they are now, folded once for many reads.
    func folded() async throws -> SLOSeriesSource {
        SLOSeriesSource(rollups: try await rollups.foldedView(), prometheus: prometheus)
    }

    /// The first bucket start an evaluation at `now` needs: the window's start or three days
    /// back (the longest burn window), whichever is earlier, floored to the hour so that a
    /// folded hour bucket is read whole.
    static func earliestNeeded(for slo: ServiceLevelObjective, at now: Date) -> Int64 {
        let windowStart = Int64(slo.window.bounds(at: now).start.timeIntervalSince1970)
        let burnStart = Int64(now.timeIntervalSince1970) - BurnWindow.threeDays.seconds
        let earliest = min(windowStart, burnStart)
        return earliest - ((earliest % 3_600) + 3_600) % 3_600
    }

    /// The buckets of `slo` starting in `[from, to)`.
    func read(_ slo: ServiceLevelObjective, from: Int64, to: Int64) async throws -> Read {
        try await read([slo.indicator], of: slo.service, from: from, to: to)[0]
    }

    /// The buckets of each of `indicators` — all of `service`, reading the same rollups (one
    /// selector, or one Prometheus ratio) — starting in `[from, to)`, from one read; with
    /// `minutes`, the hours it does not keep as minutes are read summed into hours where the
    /// store can (operation rollups), and then only what the indicators count — and the last
    /// five minutes' latency not read with them when `recentLatency` is `false` (see
    /// ``readRecent(_:to:)``).
    func read(
        _ indicators: [SLOIndicator], of service: String, from: Int64, to: Int64, minutes: MinuteHours? = nil, recentLatency: Bool = true
    ) async throws -> [Read] {
        let recentFrom = Self.recentFrom(to: to)
        guard let first = indicators.first else { return [] }
        switch first.selector {
        case .service?, .operation?:
            let hours = minutes.flatMap { $0.since > from ? $0.since : nil }
            var query = if case .operation(let name)? = first.selector {
                OperationSeriesQuery(service: service, operation: name, hoursBefore: hours)
            } else {
                OperationSeriesQuery(service: service, kinds: Self.serviceKinds, hoursBefore: hours)
            }
            query.minuteHours = minutes?.hours ?? []
            guard hours != nil else {
                let rows = try await rollups.operationSeries(query, from: from, to: to)
                return indicators.map { Self.read(rows, since: recentFrom, latency: \.latency, events: $0.events(of:)) }
            }
            // A long read sums only what the indicators count; the last five minutes, whose
            // latency the status shows, are read whole on their own.
            let latency = recentLatency
                ? Self.recentLatency(of: try await rollups.operationSeries(query, from: max(from, recentFrom), to: to), since: recentFrom, \.latency)
                : nil
            query.measures = SLOIndicator.measures(of: indicators)
            let rows = try await rollups.operationSeries(query, from: from, to: to)
            return indicators.map { Read(buckets: Self.buckets(of: rows, $0.events(of:)), recentLatency: latency) }
        case .edge(to: let server)?:
            let rows = try await rollups.edgeSeries(client: service, server: server, from: from, to: to)[server] ?? []
            return indicators.map { Self.read(rows, since: recentFrom, latency: \.latency, events: $0.events(of:)) }
        case nil:
            guard case .prometheus(let ratio) = first else { return [] }
            let buckets = try await readPrometheus(ratio, from: from, to: to)
            return indicators.map { _ in Read(buckets: buckets, recentLatency: nil) }
        }
    }

    /// One service's part in ``readRecent(_:to:)``: indicators reading the same rollups, from a
    /// recent bucket on.
    struct RecentRead: Sendable {
        var service: String
        var indicators: [SLOIndicator]
        var from: Int64
    }

    /// The reads of `reads`, each its indicators' buckets from its own `from` to `to`: the
    /// services selecting operation rollups alike are read together, many in one statement; the
    /// others one by one.
    func readRecent(_ reads: [RecentRead], to: Int64) async throws -> [[Read]] {
        var result = [[Read]](repeating: [], count: reads.count)
        var alike: [OperationSeriesQuery: [Int]] = [:]
        for (index, read) in reads.enumerated() {
            switch read.indicators.first?.selector {
            case .service?: alike[OperationSeriesQuery(service: "", kinds: Self.serviceKinds), default: []].append(index)
            case .operation(let name)?: alike[OperationSeriesQuery(service: "", operation: name), default: []].append(index)
            default: result[index] = try await self.read(read.indicators, of: read.service, from: read.from, to: to)
            }
        }
        for (query, indices) in alike {
            let from = indices.map { reads[$0].from }.min()!
            let rows = try await rollups.operationSeriesOfEveryService(like: query, from: from, to: to)
            for index in indices {
                let read = reads[index]
                let own = (rows[read.service] ?? []).drop { $0.bucket < read.from }
                result[index] = read.indicators.map { Self.read(own, since: Self.recentFrom(to: to), latency: \.latency, events: $0.events(of:)) }
            }
        }
        return result
    }

    /// Whether `indicator` reads operation rollups, which ``readRecent(_:to:)`` reads for many
    /// services in one statement.
    static func readsOperations(_ indicator: SLOIndicator) -> Bool {
        switch indicator.selector {
        case .service?, .operation?: true
        default: false
        }
    }

    /// The first bucket of the last five minutes before `to`, whose latency `latency_p95_seconds` shows.
    static func recentFrom(to: Int64) -> Int64 {
        to - 1 - BurnWindow.fiveMinutes.seconds
    }

    /// The span kinds a service's own indicators count: the requests it serves.
    static let serviceKinds: [SpanKind] = [.server, .consumer]

    /// Rollup rows as event buckets, with the latency of the rows starting at `recentFrom` or later.
    private static func read<Rollup>(
        _ rows: some Collection<TimedRollup<Rollup>>, since recentFrom: Int64, latency: (Rollup) -> LatencyHistogram, events: (Rollup) -> EventCount
    ) -> Read {
        Read(buckets: buckets(of: rows, events), recentLatency: recentLatency(of: rows, since: recentFrom, latency))
    }

    /// Rollup rows as event buckets.
    private static func buckets<Rollup>(of rows: some Collection<TimedRollup<Rollup>>, _ events: (Rollup) -> EventCount) -> [EventBucket] {
        rows.map { row in
            let counted = events(row.rollup)
            return EventBucket(start: row.bucket, length: row.length, good: counted.good, total: counted.total)
        }
    }

    /// The latency of the rows starting at `recentFrom` or later.
    private static func recentLatency<Rollup>(
        of rows: some Collection<TimedRollup<Rollup>>, since recentFrom: Int64, _ latency: (Rollup) -> LatencyHistogram
    ) -> LatencyHistogram {
        var recent = LatencyHistogram()
        for row in rows where row.bucket >= recentFrom { recent.merge(latency(row.rollup)) }
        return recent
    }

    /// Prometheus events: hour steps for the part older than three days, minute steps after.
    /// The queries are per-second rates (as Sloth's), so a step's events are rate × step.
    private func readPrometheus(_ ratio: PrometheusRatio, from: Int64, to: Int64) async throws -> [EventBucket] {
        guard let prometheus else {
            throw SLOSourceError.prometheusNotConfigured
        }
        let minuteFrom = max(from, to - BurnWindow.threeDays.seconds)
        var buckets: [EventBucket] = []
        for (start, end, step) in [(from, minuteFrom, Int64(3_600)), (minuteFrom, to, Int64(60))] {
            let first = start - ((start % step) + step) % step
            guard end > first else { continue }
            let window = DurationText.format(seconds: Double(step))
            // The value at t covers (t − step, t]: it belongs to the bucket starting at t − step.
            func values(_ query: String) async throws -> [Int64: Double] {
                let series = try await prometheus.queryRange(
                    PrometheusRatio.substitute(query, window: window),
                    start: Date(timeIntervalSince1970: Double(first + step)), end: Date(timeIntervalSince1970: Double(end)),
                    step: .seconds(step)
                )
                var result: [Int64: Double] = [:]
                for point in series.flatMap(\.values) where point.value.isFinite {
                    result[Int64(point.timestamp) - step, default: 0] += point.value * Double(step)
                }
                return result
            }
            let totals = try await values(ratio.total)
            let goods: [Int64: Double]
            if let good = ratio.good {
                goods = try await values(good)
            } else {
                let bads = try await values(ratio.bad ?? "vector(0)")
                goods = totals.reduce(into: [:]) { result, entry in result[entry.key] = entry.value - (bads[entry.key] ?? 0) }
            }
            for start in totals.keys.sorted() where start >= from {
                let total = totals[start] ?? 0
                buckets.append(EventBucket(start: start, length: step, good: min(total, max(0, goods[start] ?? 0)), total: total))
            }
        }
        return buckets
    }
}
