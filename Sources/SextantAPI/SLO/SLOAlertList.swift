import Foundation

/// `GET /api/v1/slos/{id}/alerts`: each burn-rate and budget condition with its state.
public struct SLOAlertList: Codable, Sendable {
    public let alerts: [SLOAlertResponse]

    public init(alerts: [SLOAlertResponse]) {
        self.alerts = alerts
    }
}
