import Foundation

/// `GET /api/v1/services`: every service registered or sending spans.
public struct ServiceList: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public let name: String
        public let registered: Bool
        public let firstSeen: Date?
        public let lastSeen: Date?

        public init(name: String, registered: Bool, firstSeen: Date?, lastSeen: Date?) {
            self.name = name
            self.registered = registered
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
        }
    }

    public let services: [Entry]

    public init(services: [Entry]) {
        self.services = services
    }
}
