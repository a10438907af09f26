import Foundation

/// Where an edge was seen.
public enum EdgeOrigin: String, Sendable, Codable, CaseIterable, Comparable {
    /// Paired from OTLP spans sent to Sextant.
    case traces
    /// Read from `traces_service_graph_*` series in Prometheus.
    case prometheus

    public static func < (lhs: EdgeOrigin, rhs: EdgeOrigin) -> Bool { lhs.rawValue < rhs.rawValue }
}
