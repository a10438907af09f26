import Foundation
import SextantCore

/// One series of an instant query: its labels and its value at the evaluation time.
public struct PrometheusSample: Sendable, Equatable {
    public var labels: [String: String]
    public var timestamp: Double
    public var value: Double

    public init(labels: [String: String], timestamp: Double, value: Double) {
        self.labels = labels
        self.timestamp = timestamp
        self.value = value
    }
}

/// One series of a range query: its labels and its values over time.
public struct PrometheusSeries: Sendable, Equatable {
    public var labels: [String: String]
    public var values: [(timestamp: Double, value: Double)]

    public static func == (lhs: PrometheusSeries, rhs: PrometheusSeries) -> Bool {
        lhs.labels == rhs.labels && lhs.values.elementsEqual(rhs.values) { $0.timestamp == $1.timestamp && ($0.value == $1.value || ($0.value.isNaN && $1.value.isNaN)) }
    }
}

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

/// Reads the JSON envelope of Prometheus' HTTP API (`/api/v1/query`, `/api/v1/query_range`).
enum PrometheusResponse {
    /// The `data.result` of a successful answer, or the error Prometheus reported.
    static func result(from body: Data, status: Int) throws -> (type: String, result: [[String: Any]]) {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw PrometheusError.badResponse("HTTP \(status) with a body that is not JSON: \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        if object["status"] as? String == "error" {
            throw PrometheusError.queryFailed(errorType: object["errorType"] as? String ?? "unknown", message: object["error"] as? String ?? "")
        }
        guard object["status"] as? String == "success", let data = object["data"] as? [String: Any],
              let type = data["resultType"] as? String else {
            throw PrometheusError.badResponse("HTTP \(status) without a successful status and data")
        }
        guard let result = data["result"] as? [[String: Any]] else {
            throw PrometheusError.badResponse("a \(type) result that is not a list of series")
        }
        return (type, result)
    }

    static func samples(from body: Data, status: Int) throws -> [PrometheusSample] {
        let (type, result) = try result(from: body, status: status)
        guard type == "vector" else { throw PrometheusError.badResponse("expected a vector, got a \(type)") }
        return try result.map { series in
            let (timestamp, value) = try point(series["value"])
            return PrometheusSample(labels: series["metric"] as? [String: String] ?? [:], timestamp: timestamp, value: value)
        }
    }

    static func series(from body: Data, status: Int) throws -> [PrometheusSeries] {
        let (type, result) = try result(from: body, status: status)
        guard type == "matrix" else { throw PrometheusError.badResponse("expected a matrix, got a \(type)") }
        return try result.map { series in
            guard let values = series["values"] as? [Any] else { throw PrometheusError.badResponse("a matrix series without values") }
            return PrometheusSeries(labels: series["metric"] as? [String: String] ?? [:], values: try values.map(point))
        }
    }

    /// `[1700000000.123, "42"]`: a timestamp and a value written as text (`NaN`, `+Inf` too).
    static func point(_ value: Any?) throws -> (Double, Double) {
        guard let pair = value as? [Any], pair.count == 2, let timestamp = (pair[0] as? NSNumber)?.doubleValue, let text = pair[1] as? String,
              TimeBounds.contains(secondsSince1970: timestamp) else {
            throw PrometheusError.badResponse("a sample that is not [timestamp, \"value\"] with a timestamp between the years 1 and 9999")
        }
        switch text {
        case "NaN": return (timestamp, .nan)
        case "+Inf", "Inf": return (timestamp, .infinity)
        case "-Inf": return (timestamp, -.infinity)
        default:
            guard let number = Double(text) else { throw PrometheusError.badResponse("the sample value \(Quoted.prefix(text)) is not a number") }
            return (timestamp, number)
        }
    }
}
