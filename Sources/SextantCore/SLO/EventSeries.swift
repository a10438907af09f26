import Foundation

/// A time series of event buckets, ordered by start, answering sums over any window in
/// logarithmic time (prefix sums), and growing at its end as new buckets arrive.
///
/// A window `[from, to)` selects buckets by their start, as the rollup store does, so each
/// event is counted once whatever the mix of minute and hour buckets.
public struct EventSeries: Sendable {
    private var starts: [Int64] = []
    private var lengths: [Int32] = []
    private var cumulativeGood: [Double] = [0]
    private var cumulativeTotal: [Double] = [0]
    /// Buckets before this index have been dropped (kept until compaction).
    private var firstIndex = 0
    /// Buckets starting before this were merged into hours.
    private var coarsenedBefore = Int64.min

    /// An empty series.
    public init() {}

    /// A series of `buckets`, which must be ordered by start, with the buckets shorter than an
    /// hour that start before `cutoff` merged into hour buckets (see ``coarsen(before:)``).
    public init(_ buckets: [EventBucket], coarsenedBefore cutoff: Int64 = .min) {
        let merged = cutoff == .min ? 0 : buckets.reduce(0) { $0 + ($1.start < cutoff && $1.length < Self.hour ? 1 : 0) }
        reserve(buckets.count - merged + merged / 60 + 2)
        coarsenedBefore = cutoff
        for bucket in buckets {
            if bucket.start < cutoff, bucket.length < Self.hour {
                append(EventBucket(start: RollupRetention.hourBucket(bucket.start), length: Self.hour, good: bucket.good, total: bucket.total))
            } else {
                append(bucket)
            }
        }
    }

    private static let hour = RollupRetention.hour

    /// Room for `count` buckets and those of a few more minutes, which incremental reads append.
    private mutating func reserve(_ count: Int) {
        starts.reserveCapacity(count + 64)
        lengths.reserveCapacity(count + 64)
        cumulativeGood.reserveCapacity(count + 65)
        cumulativeTotal.reserveCapacity(count + 65)
    }

    /// The number of buckets held.
    public var count: Int { starts.count - firstIndex }

    /// Start of the last bucket, if any.
    public var lastStart: Int64? { count > 0 ? starts.last : nil }

    /// Start of the first bucket, if any.
    public var firstStart: Int64? { count > 0 ? starts[firstIndex] : nil }

    /// Adds a bucket after the last one (a bucket with the last one's start is merged into it).
    public mutating func append(_ bucket: EventBucket) {
        if let last = starts.last, bucket.start <= last {
            precondition(bucket.start == last, "event buckets must be appended in order")
            cumulativeGood[cumulativeGood.count - 1] += bucket.good
            cumulativeTotal[cumulativeTotal.count - 1] += bucket.total
            return
        }
        starts.append(bucket.start)
        lengths.append(Int32(clamping: bucket.length))
        cumulativeGood.append(cumulativeGood.last! + bucket.good)
        cumulativeTotal.append(cumulativeTotal.last! + bucket.total)
    }

    /// Replaces every bucket starting at `from` or later with `buckets` (ordered, all starting
    /// at `from` or later): the evaluator re-reads its most recent minutes this way, since they
    /// may still be filling.
    public mutating func replace(from: Int64, with buckets: [EventBucket]) {
        let index = Self.lowerBound(starts, from)
        starts.removeSubrange(index...)
        lengths.removeSubrange(index...)
        cumulativeGood.removeSubrange((index + 1)...)
        cumulativeTotal.removeSubrange((index + 1)...)
        firstIndex = min(firstIndex, starts.count)
        coarsenedBefore = min(coarsenedBefore, from)
        for bucket in buckets { append(bucket) }
    }

    /// Forgets buckets starting before `cutoff`; memory is given back once half is unused.
    public mutating func drop(before cutoff: Int64) {
        firstIndex = max(firstIndex, Self.lowerBound(starts, cutoff))
        guard firstIndex > 1_024, firstIndex * 2 > starts.count else { return }
        starts.removeFirst(firstIndex)
        lengths.removeFirst(firstIndex)
        cumulativeGood.removeFirst(firstIndex)
        cumulativeTotal.removeFirst(firstIndex)
        firstIndex = 0
    }

    /// Merges the buckets shorter than an hour that start before `cutoff` (an hour's start) into
    /// hour buckets, so that a series keeps minutes only where a window's edge needs them; sums
    /// over windows starting at `cutoff` or later are unchanged. Does nothing when an earlier
    /// call already merged up to `cutoff`.
    public mutating func coarsen(before cutoff: Int64) {
        guard cutoff > coarsenedBefore else { return }
        coarsenedBefore = cutoff
        let end = Self.lowerBound(starts, cutoff)
        let first = (firstIndex..<end).first { Int64(lengths[$0]) < Self.hour }
        guard let first else { return }
        var coarse = EventSeries()
        coarse.reserve(starts.count - (end - first) + (end - first) / 60 + 2)
        coarse.starts.append(contentsOf: starts[..<first])
        coarse.lengths.append(contentsOf: lengths[..<first])
        coarse.cumulativeGood.replaceSubrange(0..., with: cumulativeGood[...first])
        coarse.cumulativeTotal.replaceSubrange(0..., with: cumulativeTotal[...first])
        for index in first..<end {
            let start = Int64(lengths[index]) < Self.hour ? RollupRetention.hourBucket(starts[index]) : starts[index]
            if let last = coarse.starts.last, last == start {
                coarse.cumulativeGood[coarse.cumulativeGood.count - 1] = cumulativeGood[index + 1]
                coarse.cumulativeTotal[coarse.cumulativeTotal.count - 1] = cumulativeTotal[index + 1]
            } else {
                coarse.starts.append(start)
                coarse.lengths.append(max(lengths[index], Int32(Self.hour)))
                coarse.cumulativeGood.append(cumulativeGood[index + 1])
                coarse.cumulativeTotal.append(cumulativeTotal[index + 1])
            }
        }
        coarse.starts.append(contentsOf: starts[end...])
        coarse.lengths.append(contentsOf: lengths[end...])
        coarse.cumulativeGood.append(contentsOf: cumulativeGood[(end + 1)...])
        coarse.cumulativeTotal.append(contentsOf: cumulativeTotal[(end + 1)...])
        (starts, lengths, cumulativeGood, cumulativeTotal) = (coarse.starts, coarse.lengths, coarse.cumulativeGood, coarse.cumulativeTotal)
    }

    /// Events in buckets starting in `[from, to)`.
    public func sum(from: Int64, to: Int64) -> EventCount {
        let lower = max(firstIndex, Self.lowerBound(starts, from))
        let upper = max(lower, Self.lowerBound(starts, to))
        return EventCount(
            good: cumulativeGood[upper] - cumulativeGood[lower],
            total: cumulativeTotal[upper] - cumulativeTotal[lower]
        )
    }

    /// The buckets held, in order.
    public var buckets: [EventBucket] {
        (firstIndex..<starts.count).map { index in
            EventBucket(
                start: starts[index], length: Int64(lengths[index]),
                good: cumulativeGood[index + 1] - cumulativeGood[index],
                total: cumulativeTotal[index + 1] - cumulativeTotal[index]
            )
        }
    }

    /// The first index whose start is at least `value`.
    private static func lowerBound(_ starts: [Int64], _ value: Int64) -> Int {
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

extension EventSeries {
    /// The series as time slices: each slice of `sliceSeconds` (aligned to the epoch) with
    /// events is one event, good when its good share is at least `target`. An hour bucket
    /// counts as all the slices it spans, judged by the hour's share.
    public func timeslices(sliceSeconds: Int64, target: Double) -> EventSeries {
        let buckets = self.buckets
        var result = EventSeries()
        var index = 0
        while index < buckets.count {
            let bucket = buckets[index]
            if bucket.length >= sliceSeconds {
                if bucket.total > 0 {
                    let slices = Double(bucket.length / sliceSeconds)
                    let isGood = bucket.good / bucket.total >= target
                    result.append(EventBucket(start: bucket.start, length: bucket.length, good: isGood ? slices : 0, total: slices))
                }
                index += 1
                continue
            }
            let sliceStart = bucket.start - ((bucket.start % sliceSeconds) + sliceSeconds) % sliceSeconds
            var events = EventCount()
            while index < buckets.count, buckets[index].start < sliceStart + sliceSeconds, buckets[index].length < sliceSeconds {
                events.good += buckets[index].good
                events.total += buckets[index].total
                index += 1
            }
            if events.total > 0 {
                let isGood = events.good / events.total >= target
                result.append(EventBucket(start: sliceStart, length: sliceSeconds, good: isGood ? 1 : 0, total: 1))
            }
        }
        return result
    }
}
