import Foundation
import SextantAPI
import SextantCore

extension AlertResponse {
    init(_ view: AlertStatus) {
        let fingerprint = view.alert.labels.fingerprintText
        let labels = view.alert.labels
        let annotations = view.alert.annotations
        let startsAt = view.alert.startsAt
        let endsAt = view.alert.endsAt == .distantFuture ? nil : view.alert.endsAt
        let updatedAt = view.alert.updatedAt
        let generatorURL = view.alert.generatorURL
        let status = Status(state: view.state.rawValue, silencedBy: view.silencedBy, inhibitedBy: view.inhibitedBy)
        let receivers = view.receivers
        self.init(
            fingerprint: fingerprint, labels: labels, annotations: annotations, startsAt: startsAt,
            endsAt: endsAt, updatedAt: updatedAt, generatorURL: generatorURL, status: status,
            receivers: receivers
        )
    }
}
