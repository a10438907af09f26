import Hummingbird
import Prometheus
import Synchronization

/// `http_requests_total` and `http_request_duration_seconds` by method, route template and
/// status, each series made once (the registry's lookup, with the label arrays it builds, is
/// far dearer than a dictionary's); shared by the middleware and the health fast path.
final class HTTPRequestMetrics: Sendable {
    private struct Key: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    /// Bucket bounds in seconds, from 1 ms to 10 s.
    static var buckets: [Double] { [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] }

    private let registry: PrometheusCollectorRegistry
    private let series = Mutex<[Key: (Counter, ValueHistogram)]>([:])

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func record(method: String, route: String, status: Int, seconds: Double) {
        let key = Key(method: method, route: route, status: status)
        let (counter, histogram) = series.withLock { entries in
            if let existing = entries[key] { return existing }
            let labels = [("method", key.method), ("route", key.route), ("status", String(key.status))]
            let made = (registry.counter("http_requests_total", labels: labels),
                        registry.histogram("http_request_duration_seconds", labels: labels, buckets: Self.buckets))
            entries[key] = made
            return made
        }
        counter.increment()
        histogram.record(seconds)
    }
}
