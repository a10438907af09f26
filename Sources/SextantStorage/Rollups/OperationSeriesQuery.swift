import Foundation
import SextantCore

/// Which operation rollups of a service to read as a series.
public struct OperationSeriesQuery: Sendable, Hashable {
    public var service: String
    /// One operation, or all of them.
    public var operation: String?
    /// Only these span kinds, or all.
    public var kinds: [SpanKind]?
    /// The whole hours of the read starting before this are read as hours, from the hourly
    /// series (`operation_hours`), so that a long series is read at the resolution it is kept at.
    public var hoursBefore: Int64?
    /// Hours before ``hoursBefore`` read as stored all the same (their minutes): where a
    /// window's start falls.
    public var minuteHours: [Int64]
    /// What is summed; what is not measured reads as zero.
    public var measures: RollupMeasures

    public init(
        service: String, operation: String? = nil, kinds: [SpanKind]? = nil, hoursBefore: Int64? = nil, minuteHours: [Int64] = [],
        measures: RollupMeasures = .all
    ) {
        self.service = service
        self.operation = operation
        self.kinds = kinds
        self.hoursBefore = hoursBefore
        self.minuteHours = minuteHours
        self.measures = measures
    }

    /// One part of a read: buckets starting in `[from, to)`, summed into hours or not.
    struct Part: Equatable {
        var from: Int64
        var to: Int64
        var hours: Bool
    }

    /// The parts of a read of `[from, to)`, none empty, adjacent parts of the same kind joined:
    /// the whole hours before ``hoursBefore`` from the hourly series but ``minuteHours``, the
    /// rest as stored.
    func parts(from: Int64, to: Int64) -> [Part] {
        let hour = RollupRetention.hour
        let hoursEnd = min(max(RollupRetention.hourBucket(hoursBefore ?? from), from), to)
        let hoursStart = min(RollupRetention.hourBucket(from + hour - 1), hoursEnd)
        var parts = [Part(from: from, to: hoursStart, hours: false)]
        var cursor = hoursStart
        for start in Set(minuteHours.map(RollupRetention.hourBucket)).sorted() where start >= cursor && start + hour <= hoursEnd {
            parts += [Part(from: cursor, to: start, hours: true), Part(from: start, to: start + hour, hours: false)]
            cursor = start + hour
        }
        parts += [Part(from: cursor, to: hoursEnd, hours: true), Part(from: hoursEnd, to: to, hours: false)]
        var joined: [Part] = []
        for part in parts where part.from < part.to {
            if let last = joined.last, last.hours == part.hours, last.to == part.from {
                joined[joined.count - 1].to = part.to
            } else {
                joined.append(part)
            }
        }
        return joined
    }
}
