import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// An alert as the API shows it.
struct AlertResponse: Encodable {
    struct Status: Encodable {
        var state: String
        var silencedBy: [String]
        var inhibitedBy: [String]
    }

    var fingerprint: String
    var labels: LabelSet
    var annotations: [String: String]
    var startsAt: Date
    var endsAt: Date?
    var updatedAt: Date
    var generatorURL: String
    var status: Status
    var receivers: [String]

    init(_ view: AlertStatus) {
        fingerprint = view.alert.labels.fingerprintText
        labels = view.alert.labels
        annotations = view.alert.annotations
        startsAt = view.alert.startsAt
        endsAt = view.alert.endsAt == .distantFuture ? nil : view.alert.endsAt
        updatedAt = view.alert.updatedAt
        generatorURL = view.alert.generatorURL
        status = Status(state: view.state.rawValue, silencedBy: view.silencedBy, inhibitedBy: view.inhibitedBy)
        receivers = view.receivers
    }
}
