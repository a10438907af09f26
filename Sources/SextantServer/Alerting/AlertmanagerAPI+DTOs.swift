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

/// `gettableAlert`.
struct GettableAlert: Encodable {
    struct Receiver: Encodable { var name: String }
    struct Status: Encodable {
        var inhibitedBy: [String]
        var silencedBy: [String]
        var state: String
    }

    var annotations: [String: String]
    var endsAt: String
    var fingerprint: String
    var receivers: [Receiver]
    var startsAt: String
    var status: Status
    var updatedAt: String
    var generatorURL: String?
    var labels: [String: String]

    init(_ view: AlertingRuntime.AlertView) {
        annotations = view.alert.annotations
        endsAt = GoTime.formatMilliseconds(view.alert.endsAt)
        fingerprint = view.alert.labels.fingerprintText
        receivers = view.receivers.map(Receiver.init)
        startsAt = GoTime.formatMilliseconds(view.alert.startsAt)
        status = Status(inhibitedBy: view.inhibitedBy, silencedBy: view.silencedBy, state: view.state)
        updatedAt = GoTime.formatMilliseconds(view.alert.updatedAt)
        generatorURL = view.alert.generatorURL.isEmpty ? nil : view.alert.generatorURL
        labels = view.alert.labels
    }
}

/// `alertGroup`.
struct AlertGroupV2: Encodable {
    var alerts: [GettableAlert]
    var labels: [String: String]
    var receiver: GettableAlert.Receiver
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
