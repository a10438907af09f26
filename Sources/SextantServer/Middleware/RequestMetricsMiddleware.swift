import Hummingbird
import Prometheus

/// Counts requests and records their durations by method, route template and status:
/// `http_requests_total` and `http_request_duration_seconds`.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry

    /// Bucket bounds in seconds, from 1 ms to 10 s.
    static var buckets: [Double] { [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let labels = [
            ("method", request.method.rawValue),
            ("route", RouteLabel.of(context)),
            ("status", String(response.status.code)),
        ]
        registry.makeCounter(name: "http_requests_total", labels: labels).increment()
        registry.makeValueHistogram(name: "http_request_duration_seconds", labels: labels, buckets: Self.buckets)
            .record((ContinuousClock.now - start).seconds)
        return response
    }
}
