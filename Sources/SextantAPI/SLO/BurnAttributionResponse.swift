import Foundation

/// `GET /api/v1/slos/{id}/attribution`: which failing dependencies the objective's bad events follow.
public struct BurnAttributionResponse: Codable, Sendable {
    public struct Share: Codable, Sendable {
        public let server: String
        public let failedCalls: Double
        public let attributedBadEvents: Double
        public let percent: Double

        public init(server: String, failedCalls: Double, attributedBadEvents: Double, percent: Double) {
            self.server = server
            self.failedCalls = failedCalls
            self.attributedBadEvents = attributedBadEvents
            self.percent = percent
        }
    }

    public let id: String
    public let window: String
    public let badEvents: Double
    public let edges: [Share]
    public let unattributedBadEvents: Double
    public let unattributedPercent: Double
    public let summary: String?

    public init(
        id: String, window: String, badEvents: Double, edges: [Share], unattributedBadEvents: Double,
        unattributedPercent: Double, summary: String?
    ) {
        self.id = id
        self.window = window
        self.badEvents = badEvents
        self.edges = edges
        self.unattributedBadEvents = unattributedBadEvents
        self.unattributedPercent = unattributedPercent
        self.summary = summary
    }
}
