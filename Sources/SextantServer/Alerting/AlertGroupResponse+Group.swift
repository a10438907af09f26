import Foundation
import SextantAPI
import SextantCore

extension AlertGroupResponse {
    init(_ group: AggregationGroup) {
        self.init(
            groupKey: group.groupKey, receiver: group.route.receiver, labels: group.labels, nextFlushAt: group.nextFlush,
            hasFlushed: group.hasFlushed, alerts: Array(group.alerts.values).sortedForNotification.map { $0.labels.fingerprintText }
        )
    }
}
