import Foundation

/// `GET /api/v1/notifications`, newest first.
public struct NotificationList: Codable, Sendable {
    public let notifications: [NotificationResponse]

    public init(notifications: [NotificationResponse]) {
        self.notifications = notifications
    }
}
