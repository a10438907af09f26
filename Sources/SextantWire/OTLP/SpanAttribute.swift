import SextantCore

/// The span attributes Sextant reads, matched on their raw key bytes.
enum SpanAttribute {
    case httpStatusCode, peerService, serverAddress, legacyPeerName
    case databaseSystem, databaseNamespace, databaseName, messagingSystem

    init?(_ key: ProtobufReader) {
        switch key.remainingCount {
        case 7 where key.remainingEquals("db.name"): self = .databaseName
        case 9 where key.remainingEquals("db.system"): self = .databaseSystem
        case 12 where key.remainingEquals("peer.service"): self = .peerService
        case 12 where key.remainingEquals("db.namespace"): self = .databaseNamespace
        case 13 where key.remainingEquals("net.peer.name"): self = .legacyPeerName
        case 14 where key.remainingEquals("server.address"): self = .serverAddress
        case 14 where key.remainingEquals("db.system.name"): self = .databaseSystem
        case 16 where key.remainingEquals("messaging.system"): self = .messagingSystem
        case 16 where key.remainingEquals("http.status_code"): self = .httpStatusCode
        case 25 where key.remainingEquals("http.response.status_code"): self = .httpStatusCode
        default: return nil
        }
    }

    /// The same names as text, for the JSON decoder.
    init?(name: String) {
        switch name {
        case "db.name": self = .databaseName
        case "db.system", "db.system.name": self = .databaseSystem
        case "peer.service": self = .peerService
        case "db.namespace": self = .databaseNamespace
        case "net.peer.name": self = .legacyPeerName
        case "server.address": self = .serverAddress
        case "messaging.system": self = .messagingSystem
        case "http.status_code", "http.response.status_code": self = .httpStatusCode
        default: return nil
        }
    }

    /// Sets the span's field from an attribute value (a string, or an integer for status codes).
    func apply(text: String?, integer: Int?, to span: inout Span) {
        switch self {
        case .httpStatusCode: span.httpStatusCode = integer ?? text.flatMap { Int($0) }
        case .peerService: span.peerService = text
        case .serverAddress: span.serverAddress = text
        case .legacyPeerName: if span.serverAddress == nil { span.serverAddress = text }
        case .databaseSystem: span.databaseSystem = text
        case .databaseNamespace: span.databaseNamespace = text
        case .databaseName: span.databaseName = text
        case .messagingSystem: span.messagingSystem = text
        }
    }
}
