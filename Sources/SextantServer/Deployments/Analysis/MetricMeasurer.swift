import Foundation
import SextantCore
import SextantOutbound
import SextantStorage
import SextantWire

/// Takes one measurement of a metric: Sextant's RED of the new version (alone or against the
/// stable version over the same minutes), a Prometheus query, or a number from a web endpoint.
struct MetricMeasurer: Sendable {
    /// A value (with the requests it stands on, for the no-data rule), or what kept it from being taken.
    struct Reading: Sendable, Equatable {
        var value: Double?
        var requests: Int?
        var error: String?
    }

    let rollups: any RollupStore
    let prometheus: PrometheusClient?
    let transport: any HTTPTransport

    func measure(_ source: ResolvedDeployment.MetricSource, service: String, version: String, stableVersion: String?, at now: Date) async -> Reading {
        do {
            switch source {
            case .red(let measure, let window, let operation):
                let versions = try await versions(of: service, operation: operation, window: window, at: now)
                return Self.reading(measure, of: versions[version])
            case .comparison(let measure, let window, let operation):
                guard let stableVersion else { return Reading(error: "there is no stable version to compare with") }
                let versions = try await versions(of: service, operation: operation, window: window, at: now)
                let canary = Self.reading(measure, of: versions[version])
                let stable = Self.reading(measure, of: versions[stableVersion])
                guard let canaryValue = canary.value, let stableValue = stable.value else {
                    return Reading(value: nil, requests: min(canary.requests ?? 0, stable.requests ?? 0))
                }
                let requests = min(canary.requests ?? 0, stable.requests ?? 0)
                switch measure {
                case .errorRatio, .serverErrorRatio:
                    return Reading(value: (canaryValue - stableValue) * 100, requests: requests)
                case .latency:
                    guard stableValue > 0 else { return Reading(value: canaryValue > 0 ? 100 : 0, requests: requests) }
                    return Reading(value: (canaryValue / stableValue - 1) * 100, requests: requests)
                }
            case .prometheus(let query):
                guard let prometheus else { return Reading(error: "Sextant has no Prometheus (set --prometheus-url)") }
                let samples = try await prometheus.query(query, at: now)
                return Reading(value: samples.first?.value)
            case .web(let url, let path, let timeout):
                let response = try await transport.send(OutboundRequest(url: url, timeout: .milliseconds(Int(timeout * 1000)), refusesLinkLocal: true))
                guard (200..<300).contains(response.status) else { return Reading(error: "\(url.absoluteString) answered \(response.status)") }
                return Self.number(in: response.body, at: path)
            }
        } catch {
            return Reading(error: String(describing: error).prefix(500).description)
        }
    }

    private func versions(of service: String, operation: String?, window: Double, at now: Date) async throws -> [String: OperationRollup] {
        let from = RollupDelta.minuteBucket(now.timeIntervalSince1970 - window)
        let to = RollupDelta.minuteBucket(now.timeIntervalSince1970) + RollupDelta.minute
        if let operation { return try await rollups.versions(of: service, operation: operation, from: from, to: to) }
        return try await rollups.versions(of: service, from: from, to: to)
    }

    static func reading(_ measure: ResolvedDeployment.REDMeasure, of rollup: OperationRollup?) -> Reading {
        guard let rollup, rollup.requests > 0 else { return Reading(value: nil, requests: 0) }
        let requests = Int(rollup.requests)
        switch measure {
        case .errorRatio: return Reading(value: Double(rollup.errors) / Double(rollup.requests), requests: requests)
        case .serverErrorRatio: return Reading(value: Double(rollup.serverErrors) / Double(rollup.requests), requests: requests)
        case .latency(let quantile): return Reading(value: rollup.latency.quantile(quantile), requests: requests)
        }
    }

    /// The number at `path` (keys, or indexes into arrays) of a JSON body.
    static func number(in body: [UInt8], at path: [String]) -> Reading {
        guard var value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            return Reading(error: "the answer is not JSON")
        }
        for part in path {
            if let object = value as? [String: Any], let member = object[part] {
                value = member
            } else if let array = value as? [Any], let index = Int(part), array.indices.contains(index) {
                value = array[index]
            } else {
                return Reading(error: "the answer has nothing at \(path.joined(separator: "."))")
            }
        }
        if value is NSNull { return Reading(value: nil) }
        if !(value is Bool), let number = value as? NSNumber { return Reading(value: number.doubleValue) }
        if let text = value as? String, let number = Double(text) { return Reading(value: number) }
        return Reading(error: "the value at \(path.joined(separator: ".")) is not a number")
    }
}
