import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// A component's last health probe.
struct HealthCheckResponse: Encodable {
    var component: String
    var status: String
    var latencySeconds: Double?
    var statusCode: Int?
    var reason: String
    var checkedAt: Date

    init(_ health: ComponentHealth) {
        component = health.component
        status = health.isUp ? "up" : "down"
        latencySeconds = health.latencySeconds
        statusCode = health.statusCode
        reason = health.reason
        checkedAt = health.checkedAt
    }
}
