import Foundation
import SextantCore
import SextantStorage

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

    init(_ summary: REDSummary) {
        self.requests = summary.requests
        self.errors = summary.errors
        self.rate = summary.rate
        self.errorRatio = summary.errorRatio
        self.latency = Latency(p50: summary.p50, p95: summary.p95, p99: summary.p99)
    }
}

/// A service's RED over a window, in total and per operation.
public struct ServiceREDResponse: Codable, Sendable {
    public struct Operation: Codable, Sendable {
        public let operation: String
        public let kind: String
        public let red: REDResponse
    }

    public let service: String
    public let window: String
    public let windowSeconds: Double
    /// Over the service's entry spans (SERVER and CONSUMER).
    public let red: REDResponse
    public let operations: [Operation]
}

/// An edge's RED over a window, in total and per connection type.
public struct EdgeREDResponse: Codable, Sendable {
    public struct Connection: Codable, Sendable {
        public let connectionType: String
        public let red: REDResponse
    }

    public let client: String
    public let server: String
    public let window: String
    public let windowSeconds: Double
    public let red: REDResponse
    public let connections: [Connection]
}
