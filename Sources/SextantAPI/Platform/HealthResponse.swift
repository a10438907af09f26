import Foundation

/// `GET /health`.
public struct HealthResponse: Codable, Sendable {
    /// `healthy` or `unhealthy`.
    public let status: String
    public let version: String
    public let uptimeSeconds: Double
    /// Each check and its result: `ok` or `error: …`.
    public let checks: [String: String]

    public init(status: String, version: String, uptimeSeconds: Double, checks: [String: String]) {
        self.status = status
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.checks = checks
    }
}
