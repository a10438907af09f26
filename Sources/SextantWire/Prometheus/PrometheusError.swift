import Foundation
import SextantCore

/// Why a Prometheus query did not give an answer.
public enum PrometheusError: Error, Equatable, CustomStringConvertible {
    /// Prometheus could not be reached, or answered 5xx, on every attempt.
    case unavailable(String)
    /// The answer was not what the HTTP API promises.
    case badResponse(String)
    /// Prometheus refused or failed the query, with its own `errorType` and `error`.
    case queryFailed(errorType: String, message: String)

    public var description: String {
        switch self {
        case .unavailable(let reason): return "Prometheus is unavailable: \(reason)"
        case .badResponse(let reason): return "Prometheus gave a bad response: \(reason)"
        case .queryFailed(let type, let message): return "Prometheus refused the query (\(type)): \(message)"
        }
    }
}
