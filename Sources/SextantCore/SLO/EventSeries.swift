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
    /// An empty series.
    public init() {}

    /// A series of `buckets`, which must be ordered by start.
    public init(_ buckets: [EventBucket]) {
        reserve(buckets.count)
        for bucket in buckets { append(bucket) }
    }

    /// A series of `buckets`, which must be ordered by start, with the buckets shorter than an
    /// hour merged into hour buckets but where `needs` keeps minutes (see ``coarsen(keeping:)``).
    public init(_ buckets: [EventBucket], keeping needs: MinuteHours) {
        let merged = buckets.reduce(0) { $0 + (Self.merges($1.start, length: $1.length, keeping: needs) ? 1 : 0) }
        reserve(buckets.count - merged + merged / 60 + 2)
        for bucket in buckets {
            if Self.merges(bucket.start, length: bucket.length, keeping: needs) {
                append(EventBucket(start: RollupRetention.hourBucket(bucket.start), length: Self.hour, good: bucket.good, total: bucket.total))
            } else {
                append(bucket)
            }
        }
    }

    /// Whether a bucket is merged into its hour where `needs` keeps minutes.
    private static func merges(_ start: Int64, length: Int64, keeping needs: MinuteHours) -> Bool {
        length < hour && start < needs.since && !needs.keepsMinutes(inHourStarting: RollupRetention.hourBucket(start))
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
        replace(from: from, to: .max, with: buckets)
    }

    /// Replaces the buckets starting in `[from, to)` with `buckets` (ordered, all starting in
    /// it): an hour held whole is split into its minutes this way.
    public mutating func replace(from: Int64, to: Int64, with buckets: [EventBucket]) {
        let index = Self.lowerBound(starts, from)
        let end = max(index, Self.lowerBound(starts, to))
        let after = self.buckets(in: end..<starts.count)
        starts.removeSubrange(index...)
        lengths.removeSubrange(index...)
        cumulativeGood.removeSubrange((index + 1)...)
        cumulativeTotal.removeSubrange((index + 1)...)
        firstIndex = min(firstIndex, starts.count)
        for bucket in buckets { append(bucket) }
        for bucket in after { append(bucket) }
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

    /// Merges the buckets shorter than an hour into hour buckets, but in the hours `needs` keeps
    /// as minutes: sums over windows starting in those hours (or on an hour) are unchanged. The
    /// series is built anew, no larger than it needs to be.
    public mutating func coarsen(keeping needs: MinuteHours) {
        let end = Self.lowerBound(starts, needs.since)
        guard (firstIndex..<end).contains(where: { Self.merges(starts[$0], length: Int64(lengths[$0]), keeping: needs) }) else { return }
        self = EventSeries(buckets, keeping: needs)
    }

    /// The hours from `earliest` on that `needs` keeps as minutes but that this series holds
    /// as one bucket each: hours to read again as minutes and ``replace(from:to:with:)``.
    public func hoursHeldWhole(where needs: MinuteHours, from earliest: Int64) -> [Int64] {
        var result: [Int64] = []
        for hour in needs.hours where hour >= earliest && holdsWhole(hourStarting: hour) { result.append(hour) }
        let tail = max(firstIndex, Self.lowerBound(starts, max(needs.since, earliest)))
        for index in tail..<starts.count where Int64(lengths[index]) >= Self.hour && starts[index] % Self.hour == 0 {
            result.append(starts[index])
        }
        return result
    }

    /// Whether the bucket starting at `hour` is an hour or longer.
    private func holdsWhole(hourStarting hour: Int64) -> Bool {
        let index = Self.lowerBound(starts, hour)
        return index >= firstIndex && index < starts.count && starts[index] == hour && Int64(lengths[index]) >= Self.hour
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
        buckets(in: firstIndex..<starts.count)
    }

    private func buckets(in indices: Range<Int>) -> [EventBucket] {
        indices.map { index in
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
