import Foundation

/// An edge as telemetry saw it: who called whom, how, when, and from where.
public struct ObservedEdge: Sendable, Equatable {
    public var client: String
    public var server: String
    public var connectionType: ConnectionType
    public var origin: EdgeOrigin
    public var firstSeen: Date
    public var lastSeen: Date
    /// Not seen for longer than the staleness threshold (set by the `mark-stale-edges` job).
    public var isStale: Bool

    public init(
        client: String, server: String, connectionType: ConnectionType, origin: EdgeOrigin = .traces,
        firstSeen: Date, lastSeen: Date, isStale: Bool = false
    ) {
        self.client = client
        self.server = server
        self.connectionType = connectionType
        self.origin = origin
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.isStale = isStale
    }
}
