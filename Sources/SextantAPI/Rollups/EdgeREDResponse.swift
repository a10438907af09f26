import Foundation
import SextantCore

/// An edge's RED over a window, in total and per connection type.
public struct EdgeREDResponse: Codable, Sendable {
    public struct Connection: Codable, Sendable {
        public let connectionType: String
        public let red: REDResponse

        public init(connectionType: String, red: REDResponse) {
            self.connectionType = connectionType
            self.red = red
        }
    }

    public let client: String
    public let server: String
    public let window: String
    public let windowSeconds: Double
    public let red: REDResponse
    public let connections: [Connection]

    public init(
        client: String, server: String, window: String, windowSeconds: Double, red: REDResponse,
        connections: [Connection]
    ) {
        self.client = client
        self.server = server
        self.window = window
        self.windowSeconds = windowSeconds
        self.red = red
        self.connections = connections
    }
}
