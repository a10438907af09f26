/// `GET /api/v1/health-checks` and `POST /api/v1/health-checks/run`.
public struct HealthCheckList: Codable, Sendable {
    /// Whether every component is up.
    public var healthy: Bool
    public var checks: [HealthCheckResponse]

    public init(healthy: Bool, checks: [HealthCheckResponse]) {
        self.healthy = healthy
        self.checks = checks
    }
}
