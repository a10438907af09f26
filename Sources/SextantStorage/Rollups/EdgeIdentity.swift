import Foundation
import SextantCore

/// An edge regardless of time.
public struct EdgeIdentity: Hashable, Sendable {
    public var client: String
    public var server: String
    public var connectionType: ConnectionType

    public init(client: String, server: String, connectionType: ConnectionType) {
        self.client = client
        self.server = server
        self.connectionType = connectionType
    }
}
