import Foundation

/// A component's last health probe.
public struct HealthCheckResponse: Codable, Sendable {
    public var component: String
    /// `up` or `down`.
    public var status: String
    public var latencySeconds: Double?
    public var statusCode: Int?
    public var reason: String
    public var checkedAt: Date

    public init(
        component: String, status: String, latencySeconds: Double?, statusCode: Int?, reason: String,
        checkedAt: Date
    ) {
        self.component = component
        self.status = status
        self.latencySeconds = latencySeconds
        self.statusCode = statusCode
        self.reason = reason
        self.checkedAt = checkedAt
    }
}
