import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// A notification group as the API shows it.
struct AlertGroupResponse: Encodable {
    var groupKey: String
    var receiver: String
    var labels: LabelSet
    var nextFlushAt: Date
    var hasFlushed: Bool
    var alerts: [String]

    init(_ group: AggregationGroup) {
        groupKey = group.groupKey
        receiver = group.route.receiver
        labels = group.labels
        nextFlushAt = group.nextFlush
        hasFlushed = group.hasFlushed
        alerts = Array(group.alerts.values).sortedForNotification.map { $0.labels.fingerprintText }
    }
}
