import Hummingbird
import SextantAPI
import Prometheus
import Synchronization

/// Counts requests and records their durations by method, route template and status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: HTTPRequestMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.record(method: request.method.rawValue, route: RouteLabel.of(context), status: response.status.code,
                       seconds: (ContinuousClock.now - start).seconds)
        return response
    }
}
