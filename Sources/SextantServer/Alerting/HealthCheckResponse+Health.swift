import SextantAPI
import SextantStorage

extension HealthCheckResponse {
    init(_ health: ComponentHealth) {
        self.init(component: health.component, status: health.isUp ? "up" : "down", latencySeconds: health.latencySeconds,
                  statusCode: health.statusCode, reason: health.reason, checkedAt: health.checkedAt)
    }
}
