import Foundation
import SextantCore

/// Rate, errors and duration over a window.
public struct REDResponse: Codable, Sendable, Equatable {
    /// Latency quantiles, in seconds.
    public struct Latency: Codable, Sendable, Equatable {
        public let p50: Double?
        public let p95: Double?
        public let p99: Double?
    }

    public let requests: Int64
    public let errors: Int64
    /// Requests per second.
    public let rate: Double
    public let errorRatio: Double?
    public let latency: Latency

    public init(_ summary: REDSummary) {
        self.requests = summary.requests
        self.errors = summary.errors
        self.rate = summary.rate
        self.errorRatio = summary.errorRatio
        self.latency = Latency(p50: summary.p50, p95: summary.p95, p99: summary.p99)
    }
}
