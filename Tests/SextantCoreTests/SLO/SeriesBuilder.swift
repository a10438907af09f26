import Foundation
import SextantCore

/// Builds event series the way rollups fill: minute buckets at a steady rate, the bucket
/// holding `now` only partly filled, and hour buckets for data older than the minute retention.
struct SeriesBuilder {
    private(set) var buckets: [Int64: EventBucket] = [:]

    /// Adds `goodPerSecond` and `badPerSecond` events for every second of `[from, to)` (offsets
    /// from ``origin``) into buckets of `length` seconds.
    mutating func steady(from: Int64, to: Int64, goodPerSecond: Double, badPerSecond: Double, length: Int64 = 60) {
        let to = origin + to
        var second = origin + from
        while second < to {
            let start = second - second % length
            let end = min(start + length, to)
            let covered = Double(end - second)
            var bucket = buckets[start] ?? EventBucket(start: start, length: length, good: 0, total: 0)
            bucket.good += goodPerSecond * covered
            bucket.total += (goodPerSecond + badPerSecond) * covered
            buckets[start] = bucket
            second = end
        }
    }

    var series: EventSeries {
        EventSeries(buckets.values.sorted { $0.start < $1.start })
    }
}

/// 2026-11-02T00:00:00Z, a Monday: the origin of the scenarios.
let origin: Int64 = 1_793_577_600

func at(_ offset: Int64) -> Date {
    Date(timeIntervalSince1970: Double(origin + offset))
}

func availability(_ objective: Double, window: SLOWindow = .rolling(days: 30), alerting: SLOAlertPolicy = SLOAlertPolicy()) -> ServiceLevelObjective {
    ServiceLevelObjective(
        service: "checkout", name: "availability", objective: objective, window: window,
        indicator: .availability(.service, bad: .error), alerting: alerting
    )
}

extension SLOStatus {
    /// Names of the conditions that hold.
    var activeConditions: [String] { conditions.filter(\.isActive).map(\.condition.name) }
}
