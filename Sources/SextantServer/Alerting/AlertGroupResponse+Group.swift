import Foundation
import SextantAPI
import SextantCore

extension AlertGroupResponse {
    init(_ group: AggregationGroup) {
        let groupKey = group.groupKey
        let receiver = group.route.receiver
        let labels = group.labels
        let nextFlushAt = group.nextFlush
        let hasFlushed = group.hasFlushed
        let alerts = Array(group.alerts.values).sortedForNotification.map { $0.labels.fingerprintText }
        self.init(
            groupKey: groupKey, receiver: receiver, labels: labels, nextFlushAt: nextFlushAt,
            hasFlushed: hasFlushed, alerts: alerts
        )
    }
}
