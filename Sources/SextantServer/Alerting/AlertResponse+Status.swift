import Foundation
import SextantAPI
import SextantCore

extension AlertResponse {
    init(_ view: AlertStatus) {
        self.init(
            fingerprint: view.alert.labels.fingerprintText, labels: view.alert.labels, annotations: view.alert.annotations,
            startsAt: view.alert.startsAt, endsAt: view.alert.endsAt == .distantFuture ? nil : view.alert.endsAt,
            updatedAt: view.alert.updatedAt, generatorURL: view.alert.generatorURL,
            status: Status(state: view.state.rawValue, silencedBy: view.silencedBy, inhibitedBy: view.inhibitedBy),
            receivers: view.receivers
        )
    }
}
