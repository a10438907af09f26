import Foundation

/// Sends HTTP requests; the live implementation talks to the network, tests give their own.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the answer, whatever its status; throws ``OutboundFailure``
    /// when there is none.
    func send(_ request: OutboundRequest) async throws -> OutboundResponse
}
