import Prometheus

/// Sextant's metrics by their full names, through swift-prometheus' descriptor API.
extension PrometheusCollectorRegistry {
    func counter(_ name: String, labels: [(String, String)] = [], help: String = "") -> Counter {
        makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
    }

    func gauge(_ name: String, labels: [(String, String)] = [], help: String = "") -> Gauge {
        makeGauge(descriptor: Self.descriptor(name, help), labels: labels)
    }

    func histogram(_ name: String, labels: [(String, String)] = [], buckets: [Double], help: String = "") -> ValueHistogram {
        makeValueHistogram(descriptor: Self.descriptor(name, help), labels: labels, buckets: buckets)
    }

    /// A full name as the metric name itself (no namespace or unit to join).
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
