import Foundation

/// What observing or expiring spans produced: edges to record and counts to report.
public struct PairingEvents: Sendable, Equatable {
    /// Completed calls.
    public var edges: [EdgeObservation] = []
    /// Spans not kept, by reason.
    public var droppedSpans: [ServiceGraphPairer.DropReason: Int] = [:]
    /// Halves that waited too long, by what became of them.
    public var expiredEdges: [ServiceGraphPairer.ExpiryReason: Int] = [:]

    /// No events.
    public init() {}
}
