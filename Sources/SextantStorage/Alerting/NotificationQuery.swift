import Foundation
import SextantCore

/// Which notifications to list.
public struct NotificationQuery: Sendable {
    public var receiver: String?
    public var groupKey: String?
    public var alertname: String?
    public var outcome: String?
    public var since: Date?
    public var until: Date?
    public var limit: Int

    public init(receiver: String? = nil, groupKey: String? = nil, alertname: String? = nil, outcome: String? = nil,
                since: Date? = nil, until: Date? = nil, limit: Int = 100) {
        self.receiver = receiver
        self.groupKey = groupKey
        self.alertname = alertname
        self.outcome = outcome
        self.since = since
        self.until = until
        self.limit = limit
    }
}
