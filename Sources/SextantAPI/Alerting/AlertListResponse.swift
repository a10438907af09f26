import Foundation

/// A page of `GET /api/v1/alerts`.
public struct AlertListResponse: Codable, Sendable {
    public var alerts: [AlertResponse]
    /// The `cursor` of the next page; `null` on the last.
    public var nextCursor: String?

    enum CodingKeys: String, CodingKey { case alerts, nextCursor }

    public init(alerts: [AlertResponse], nextCursor: String?) {
        self.alerts = alerts
        self.nextCursor = nextCursor
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(alerts, forKey: .alerts)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
