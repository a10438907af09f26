import Foundation
import NIOHTTP1
import NIOCore
import SextantCore
import SextantStorage
import SextantWire
import Synchronization

/// Probes every component's `healthEndpoint` (the old `health-check-all`): up when it answers
/// 2xx or 3xx within the timeout, down otherwise, with the latency and the reason recorded.
final class HealthProber: Sendable {
    let catalog: any CatalogStore
    let store: any AlertingStore
    let transport: any HTTPTransport
    let timeout: TimeInterval
    let clock: any WallClock
    private let latest = Mutex<[ComponentHealth]>([])

    init(catalog: any CatalogStore, store: any AlertingStore, transport: any HTTPTransport, timeout: TimeInterval, clock: any WallClock) {
        self.catalog = catalog
        self.store = store
        self.transport = transport
        self.timeout = timeout
        self.clock = clock
    }

    /// Probes every component with an endpoint, concurrently, and records the results.
    func probeAll() async throws -> [ComponentHealth] {
        let components = try await catalog.snapshot().components.compactMap { component in
            component.healthEndpoint.map { (component.name, $0) }
        }
        let results = await withTaskGroup(of: ComponentHealth.self) { tasks in
            for (name, endpoint) in components {
                tasks.addTask { await self.probe(name, endpoint: endpoint) }
            }
            var results: [ComponentHealth] = []
            for await result in tasks { results.append(result) }
            return results.sorted { $0.component < $1.component }
        }
        try await store.recordHealth(results)
        latest.withLock { $0 = results }
        return results
    }

    /// One probe: the status and latency only — a response body is never read into a result,
    /// so a probe cannot be used to read what an endpoint answers. Link-local and cloud
    /// metadata addresses are refused unless the server allows them.
    func probe(_ component: String, endpoint: String) async -> ComponentHealth {
        let checkedAt = clock.now()
        let started = ContinuousClock.now
        func seconds() -> Double { (ContinuousClock.now - started).seconds }
        guard let url = URL(string: endpoint), url.scheme == "http" || url.scheme == "https" else {
            return ComponentHealth(component: component, isUp: false, latencySeconds: nil, statusCode: nil,
                                   reason: "\(Quoted.prefix(endpoint)) is not an http or https URL", checkedAt: checkedAt)
        }
        let request = OutboundRequest(url: url, headers: [("User-Agent", "Sextant/\(SextantVersion.current)")],
                                      timeout: .milliseconds(Int64(timeout * 1000)), maximumResponseBytes: 0, refusesLinkLocal: true)
        do {
            let response = try await transport.send(request)
            let code = response.status
            let isUp = (200..<400).contains(code)
            return ComponentHealth(component: component, isUp: isUp, latencySeconds: seconds(), statusCode: code,
                                   reason: isUp ? "HTTP \(code)" : "HTTP \(code) \(HTTPResponseStatus(statusCode: code).reasonPhrase)", checkedAt: checkedAt)
        } catch let failure as OutboundFailure {
            let reason = failure == .timedOut ? "timed out after \(DurationText.format(seconds: timeout))" : failure.description
            return ComponentHealth(component: component, isUp: false, latencySeconds: seconds(), statusCode: nil, reason: reason, checkedAt: checkedAt)
        } catch {
            return ComponentHealth(component: component, isUp: false, latencySeconds: seconds(), statusCode: nil,
                                   reason: "\(error)", checkedAt: checkedAt)
        }
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
