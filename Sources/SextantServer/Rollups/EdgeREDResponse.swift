import Foundation
import SextantCore
import SextantStorage

/// An edge's RED over a window, in total and per connection type.
public struct EdgeREDResponse: Codable, Sendable {
    public struct Connection: Codable, Sendable {
        public let connectionType: String
        public let red: REDResponse
    }

    public let client: String
    public let server: String
    public let window: String
    public let windowSeconds: Double
    public let red: REDResponse
    public let connections: [Connection]
}
