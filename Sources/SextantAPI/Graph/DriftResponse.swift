import Foundation
import SextantCore

/// Where telemetry and the catalog disagree.
public struct DriftResponse: Codable, Sendable {
    public struct Edge: Codable, Sendable {
        public let from: String
        public let to: String
        public let connectionTypes: [String]
        public let firstSeen: Date?
        public let lastSeen: Date?
    }

    public let observedButUndeclared: [Edge]
    public let declaredButNeverObserved: [Edge]
    public let unregisteredServices: [String]
    /// Observed edges not seen for longer than the staleness threshold.
    public let staleEdges: [Edge]

    public init(_ drift: MergedGraph.Drift) {
        func edges(_ list: [MergedGraph.Edge]) -> [Edge] {
            list.map { Edge(from: $0.from, to: $0.to, connectionTypes: $0.connectionTypes.map(\.rawValue), firstSeen: $0.firstSeen, lastSeen: $0.lastSeen) }
        }
        self.observedButUndeclared = edges(drift.observedButUndeclared)
        self.declaredButNeverObserved = edges(drift.declaredButNeverObserved)
        self.unregisteredServices = drift.unregisteredServices
        self.staleEdges = edges(drift.staleEdges)
    }
}
