import Foundation
import SextantAPI
import HTTPTypes

/// The answers of `/health` and `/ready`, built from what is known in memory, for the route
/// and for the event-loop fast path alike.
struct HealthReport: Sendable {
    let status: HTTPResponse.Status
    let body: Data

    /// `/health`: healthy while the store answers.
    static func health(storeProblem: String?, uptime: TimeInterval) -> HealthReport {
        let body = HealthResponse(
            status: storeProblem == nil ? "healthy" : "unhealthy", version: SextantVersion.current,
            uptimeSeconds: (uptime * 1000).rounded() / 1000, checks: ["store": storeProblem.map { "error: \($0)" } ?? "ok"]
        )
        return HealthReport(status: storeProblem == nil ? .ok : .serviceUnavailable, body: (try? JSONResponse.encoder.encode(body)) ?? Data())
    }

    /// `/ready`: ready once migrated, while the store answers, until shutdown begins.
    static func ready(blockingReason: String?, storeProblem: String?) -> HealthReport {
        let reason = blockingReason ?? storeProblem.map { "store unavailable: \($0)" }
        let body = ReadyResponse(status: reason == nil ? "ready" : "not_ready", reason: reason)
        return HealthReport(status: reason == nil ? .ok : .serviceUnavailable, body: (try? JSONResponse.encoder.encode(body)) ?? Data())
    }
}
