import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore

/// `alertGroup`.
struct AlertGroupV2: GoJSONWritable {
    var alerts: [GettableAlert]
    var labels: [String: String]
    var receiver: String

    func write(to json: inout GoJSONWriter) {
        json.beginObject()
        json.key("alerts")
        json.beginArray()
        for alert in alerts { alert.write(to: &json) }
        json.endArray()
        json.key("labels")
        json.map(labels)
        json.key("receiver")
        json.beginObject()
        json.key("name")
        json.string(receiver)
        json.endObject()
        json.endObject()
    }
}
