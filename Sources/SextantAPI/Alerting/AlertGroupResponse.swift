import Foundation
import SextantCore

/// A notification group as the API shows it.
public struct AlertGroupResponse: Codable, Sendable {
    public var groupKey: String
    public var receiver: String
    public var labels: LabelSet
    public var nextFlushAt: Date
    public var hasFlushed: Bool
    public var alerts: [String]

    public init(
        groupKey: String, receiver: String, labels: LabelSet, nextFlushAt: Date, hasFlushed: Bool,
        alerts: [String]
    ) {
        self.groupKey = groupKey
        self.receiver = receiver
        self.labels = labels
        self.nextFlushAt = nextFlushAt
        self.hasFlushed = hasFlushed
        self.alerts = alerts
    }
}
