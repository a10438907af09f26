import Foundation
import SextantCore

/// Reads the JSON envelope of Prometheus' HTTP API (`/api/v1/query`, `/api/v1/query_range`).
package enum PrometheusResponse {
    /// The `data.result` of a successful answer, or the error Prometheus reported.
    package static func result(from body: Data, status: Int) throws -> (type: String, result: [[String: Any]]) {
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

    package static func samples(from body: Data, status: Int) throws -> [PrometheusSample] {
        let (type, result) = try result(from: body, status: status)
        guard type == "vector" else { throw PrometheusError.badResponse("expected a vector, got a \(type)") }
        return try result.map { series in
            let (timestamp, value) = try point(series["value"])
            return PrometheusSample(labels: series["metric"] as? [String: String] ?? [:], timestamp: timestamp, value: value)
        }
    }

    package static func series(from body: Data, status: Int) throws -> [PrometheusSeries] {
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
