import AsyncHTTPClient
import Foundation
import NIOCore
import SextantCore
import SextantStorage
import Synchronization

/// Probes every component's `healthEndpoint` (the old `health-check-all`): up when it answers
/// 2xx or 3xx within the timeout, down otherwise, with the latency and the reason recorded.
final class HealthProber: Sendable {
    let catalog: any CatalogStore
    let store: any AlertingStore
    let timeout: TimeInterval
    let clock: any WallClock
    private let latest = Mutex<[ComponentHealth]>([])

    init(catalog: any CatalogStore, store: any AlertingStore, timeout: TimeInterval, clock: any WallClock) {
        self.catalog = catalog
        self.store = store
        self.timeout = timeout
        self.clock = clock
    }

    /// Probes every component with an endpoint, concurrently, and records the results.
    func probeAll() async throws -> [ComponentHealth] {
        let components = try await catalog.snapshot().components.filter { $0.healthEndpoint != nil }
        let results = await withTaskGroup(of: ComponentHealth.self) { tasks in
            for component in components {
                tasks.addTask { await self.probe(component.name, endpoint: component.healthEndpoint!) }
            }
            var results: [ComponentHealth] = []
            for await result in tasks { results.append(result) }
            return results.sorted { $0.component < $1.component }
        }
        try await store.recordHealth(results)
        latest.withLock { $0 = results }
        return results
    }

    private func probe(_ component: String, endpoint: String) async -> ComponentHealth {
        let checkedAt = clock.now()
        let started = ContinuousClock.now
        func seconds() -> Double {
            let elapsed = ContinuousClock.now - started
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        guard let url = URL(string: endpoint), url.scheme == "http" || url.scheme == "https" else {
            return ComponentHealth(component: component, isUp: false, latencySeconds: nil, statusCode: nil,
                                   reason: "\(Quoted.prefix(endpoint)) is not an http or https URL", checkedAt: checkedAt)
        }
        var request = HTTPClientRequest(url: endpoint)
        request.method = .GET
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            _ = try await response.body.collect(upTo: 1 << 20)
            let code = Int(response.status.code)
            let isUp = (200..<400).contains(code)
            return ComponentHealth(component: component, isUp: isUp, latencySeconds: seconds(), statusCode: code,
                                   reason: isUp ? "HTTP \(code)" : "HTTP \(code) \(response.status.reasonPhrase)", checkedAt: checkedAt)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return ComponentHealth(component: component, isUp: false, latencySeconds: seconds(), statusCode: nil,
                                   reason: "timed out after \(DurationText.format(seconds: timeout))", checkedAt: checkedAt)
        } catch {
            return ComponentHealth(component: component, isUp: false, latencySeconds: seconds(), statusCode: nil,
                                   reason: Self.reason(error), checkedAt: checkedAt)
        }
    }

    static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text
    }

    /// `up{component}` and `probe_duration_seconds{component}` of the last probes.
    var exposition: String {
        let results = latest.withLock { $0 }
        guard !results.isEmpty else { return "" }
        var text = "# HELP up Whether the component's last health probe succeeded.\n# TYPE up gauge\n"
        for result in results { text += "up{component=\(result.component.prometheusQuoted)} \(result.isUp ? 1 : 0)\n" }
        text += "# HELP probe_duration_seconds How long the component's last health probe took.\n# TYPE probe_duration_seconds gauge\n"
        for result in results { text += "probe_duration_seconds{component=\(result.component.prometheusQuoted)} \(result.latencySeconds ?? 0)\n" }
        return text
    }
}
