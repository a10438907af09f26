import Foundation

/// A peer's answer.
public struct OutboundResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    /// At most the request's `maximumResponseBytes`.
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
