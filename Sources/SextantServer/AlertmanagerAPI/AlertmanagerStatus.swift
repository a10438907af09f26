import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore

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
