import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore

/// An error answered as Alertmanager's v2 API answers it: most as a JSON string, request
/// binding errors as go-openapi's `{"code", "message"}`.
enum AlertmanagerError: Error {
    /// A JSON string body, as the handlers' own errors are.
    case message(HTTPResponse.Status, String)
    /// go-openapi's error body: 602 for a missing field, 612 for too few items, 601 for a
    /// wrong type, 400 for a body that does not parse.
    case binding(HTTPResponse.Status, code: Int, String)
    /// A bare status without a body.
    case empty(HTTPResponse.Status)

    var response: Response {
        switch self {
        case .message(let status, let text):
            return AlertmanagerJSON.response(text, status: status)
        case .binding(let status, let code, let message):
            return AlertmanagerJSON.response(BindingBody(code: code, message: message), status: status)
        case .empty(let status):
            return Response(status: status)
        }
    }

    private struct BindingBody: Encodable {
        var code: Int
        var message: String
    }
}

/// JSON answers of the v2 API: Sextant's encoder (its times are already written as
/// Alertmanager writes them) under Alertmanager's content type.
enum AlertmanagerJSON {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONResponse.encoder.encode(value)) ?? Data("null".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A body written field by field with `GoJSONWriter`, for answers that can hold many items
/// (a list of 100,000 alerts is written in a fraction of the time `JSONEncoder` takes).
protocol GoJSONWritable {
    func write(to json: inout GoJSONWriter)
}

extension AlertmanagerJSON {
    /// A JSON array of `items`.
    static func response(listing items: [some GoJSONWritable]) -> Response {
        var json = GoJSONWriter(capacity: 512 * items.count + 2)
        json.beginArray()
        for item in items { item.write(to: &json) }
        json.endArray()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }
}

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

/// `gettableSilence`.
struct GettableSilence: Encodable {
    struct Status: Encodable { var state: String }

    var id: String
    var status: Status
    var updatedAt: String
    var comment: String
    var createdBy: String
    var endsAt: String
    var matchers: [LabelMatcher]
    var startsAt: String

    init(_ silence: Silence, at now: Date) {
        id = silence.id
        status = Status(state: silence.state(at: now).rawValue)
        updatedAt = GoTime.formatMilliseconds(silence.updatedAt)
        comment = silence.comment
        createdBy = silence.createdBy
        endsAt = GoTime.formatMilliseconds(silence.endsAt)
        matchers = silence.matchers
        startsAt = GoTime.formatMilliseconds(silence.startsAt)
    }
}

/// `alertmanagerStatus`.
struct AlertmanagerStatus: Encodable {
    struct Peer: Encodable {
        var address: String
        var name: String
    }

    struct Cluster: Encodable {
        var name: String?
        var peers: [Peer]
        var status: String
    }

    struct Config: Encodable { var original: String }

    struct VersionInfo: Encodable {
        var branch: String
        var buildDate: String
        var buildUser: String
        var goVersion: String
        var revision: String
        var version: String
    }

    var cluster: Cluster
    var config: Config
    var uptime: String
    var versionInfo: VersionInfo
}
