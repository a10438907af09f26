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
    /// What is summed; what is not measured reads as zero.
    public var measures: RollupMeasures

    public init(
        service: String, operation: String? = nil, kinds: [SpanKind]? = nil, hoursBefore: Int64? = nil,
        measures: RollupMeasures = .all
    ) {
        self.service = service
        self.operation = operation
        self.kinds = kinds
        self.hoursBefore = hoursBefore
        self.measures = measures
    }

    /// One part of a read: buckets starting in `[from, to)`, summed into hours or not.
    struct Part: Equatable {
        var from: Int64
        var to: Int64
        var hours: Bool
    }

    /// The parts of a read of `[from, to)`, none empty: the whole hours before ``hoursBefore``
    /// from the hourly series, the rest as stored.
    func parts(from: Int64, to: Int64) -> [Part] {
        let hoursEnd = min(max(RollupRetention.hourBucket(hoursBefore ?? from), from), to)
        let hoursStart = min(RollupRetention.hourBucket(from + RollupRetention.hour - 1), hoursEnd)
        guard hoursStart < hoursEnd else { return [Part(from: from, to: to, hours: false)].filter { $0.from < $0.to } }
        return [
            Part(from: from, to: hoursStart, hours: false), Part(from: hoursStart, to: hoursEnd, hours: true),
            Part(from: hoursEnd, to: to, hours: false),
        ].filter { $0.from < $0.to }
    }
}
