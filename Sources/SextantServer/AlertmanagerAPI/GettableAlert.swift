import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore

/// `gettableAlert`, its fields in Alertmanager's order.
struct GettableAlert: GoJSONWritable {
    struct Receiver: Encodable { var name: String }

    let view: AlertStatus

    init(_ view: AlertStatus) {
        self.view = view
    }

    func write(to json: inout GoJSONWriter) {
        let alert = view.alert
        json.beginObject()
        json.key("annotations")
        json.map(alert.annotations)
        json.key("endsAt")
        json.string(GoTime.formatMilliseconds(alert.endsAt))
        json.key("fingerprint")
        json.string(alert.fingerprint.fingerprintText)
        json.key("receivers")
        json.beginArray()
        for receiver in view.receivers {
            json.beginObject()
            json.key("name")
            json.string(receiver)
            json.endObject()
        }
        json.endArray()
        json.key("startsAt")
        json.string(GoTime.formatMilliseconds(alert.startsAt))
        json.key("status")
        json.beginObject()
        json.key("inhibitedBy")
        json.strings(view.inhibitedBy)
        json.key("silencedBy")
        json.strings(view.silencedBy)
        json.key("state")
        json.string(view.state.rawValue)
        json.endObject()
        json.key("updatedAt")
        json.string(GoTime.formatMilliseconds(alert.updatedAt))
        if !alert.generatorURL.isEmpty {
            json.key("generatorURL")
            json.string(alert.generatorURL)
        }
        json.key("labels")
        json.map(alert.labels)
        json.endObject()
    }
}
