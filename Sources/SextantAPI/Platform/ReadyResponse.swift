import Foundation

/// `GET /ready`.
public struct ReadyResponse: Codable, Sendable {
    /// `ready` or `not_ready`.
    public let status: String
    /// Why not, while not ready.
    public let reason: String?

    public init(status: String, reason: String?) {
        self.status = status
        self.reason = reason
    }
}
