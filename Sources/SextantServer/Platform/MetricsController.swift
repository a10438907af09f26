import Hummingbird
import SextantCore
import SextantAPI
import Prometheus
import SextantWire

/// `/metrics` in the Prometheus text format: what the registry holds, plus process metrics.
struct MetricsController<Context: RequestContext> {
    let registry: PrometheusCollectorRegistry
    let board: MetricsBoard

    func addRoutes(to router: Router<Context>) {
        router.get("/metrics", use: metrics)
    }

    @Sendable func metrics(_ request: Request, context: Context) async throws -> Response {
        board.scrapeBegins()
        var text = registry.emitToString()
        text += "# HELP sextant_build_info Sextant's version.\n# TYPE sextant_build_info gauge\n"
        text += "sextant_build_info{version=\"\(SextantVersion.current)\"} 1\n"
        text += ProcessMetrics.current()?.exposition ?? ""
        text += board.exposition()
        board.scrapeAnswered()
        return JSONResponse.text(text, contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}

extension MetricsController where Context == AppRequestContext {
    /// `/metrics` on the API's listener: open, or needing `access` (`--metrics-require-key`).
    func addRoutes(to routes: Routes, needs access: RouteAccess) {
        routes.get("metrics", needs: access, use: metrics)
    }
}
