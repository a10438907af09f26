import SextantAPI
import SextantStorage

extension NotificationResponse {
    init(_ record: NotificationRecord) {
        self.init(
            id: record.id, sentAt: record.sentAt, receiver: record.receiver, integration: record.integration, groupKey: record.groupKey,
            status: record.status, reason: record.reason, outcome: record.outcome, attempts: record.attempts, error: record.error,
            alerts: record.alerts.map { .init(fingerprint: $0.fingerprint, alertname: $0.alertname, status: $0.status, labels: $0.labels) }
        )
    }
}
