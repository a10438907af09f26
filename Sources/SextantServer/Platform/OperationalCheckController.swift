#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage
import SextantWire

/// `GET /api/v1/check`: what `sextant check` reports beside the components — the store's size,
/// the room left in the data directory, and each configured peer's answer, probed at once with
/// 5 s each, so the answer comes within seconds whatever hangs.
struct OperationalCheckController {
    let engine: any SQLEngine
    let location: DatabaseLocation
    let dataDirectory: String
    let peers: [OperationalCheck.Peer]
    let transport: any HTTPTransport

    static let probeTimeout: Duration = .seconds(5)

    /// The controller for a server's configuration: its store, and the peers it names — among
    /// them the Alertmanagers the routing configuration's receivers forward to.
    static func make(configuration: ServerConfiguration, environment: AppEnvironment, routing: RoutingConfiguration) throws -> Self {
        Self(
            engine: environment.engine,
            location: try DatabaseLocation.resolve(url: configuration.databaseURL, dataDirectory: configuration.dataDirectory),
            dataDirectory: configuration.dataDirectory,
            peers: OperationalCheck.peers(
                prometheus: configuration.prometheusURL.flatMap(URL.init(string:)),
                alertmanagers: routing.receivers.keys.sorted().flatMap { routing.receivers[$0]!.integrations }.compactMap {
                    if case .alertmanager(let url) = $0.kind { return url } else { return nil }
                },
                vault: configuration.vaultURL.flatMap(URL.init(string:)), oidcIssuer: configuration.oidcIssuer.flatMap(URL.init(string:))
            ),
            transport: environment.http
        )
    }

    func addRoutes(to routes: Routes) {
        routes.get("check", needs: .needs(.read), answers: OperationalCheckResponse.self) { _, _ in
            async let store = storeReport()
            async let answers = probeAll()
            return try JSONResponse.make(OperationalCheckResponse(store: await store, dataDirectory: diskReport(), peers: await answers))
        }
    }

    private func storeReport() async -> OperationalCheckResponse.Store {
        switch location {
        case .sqlite(let path):
            let bytes = ["", "-wal", "-shm"].reduce(Int64(0)) { sum, suffix in
                sum + ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int64) ?? 0)
            }
            return .init(engine: "sqlite", bytes: bytes, problem: nil)
        case .postgres:
            do {
                let bytes = try await engine.read { database in
                    try await database.raw("SELECT pg_database_size(current_database()) AS bytes").first()?.decode(column: "bytes", as: Int64.self)
                }
                return .init(engine: "postgres", bytes: bytes, problem: nil)
            } catch {
                return .init(engine: "postgres", bytes: nil, problem: "\(error)")
            }
        }
    }

    private func diskReport() -> OperationalCheckResponse.Disk {
        let path: String
        if case .sqlite(let file) = location { path = (file as NSString).deletingLastPathComponent } else { path = dataDirectory }
        var stats = statvfs()
        guard statvfs(path.isEmpty ? "." : path, &stats) == 0 else {
            return .init(path: path, freeBytes: nil, totalBytes: nil, status: "unknown")
        }
        let free = Int64(stats.f_bavail) * Int64(stats.f_frsize)
        let total = Int64(stats.f_blocks) * Int64(stats.f_frsize)
        return .init(path: path, freeBytes: free, totalBytes: total, status: OperationalCheck.disk(freeBytes: free, totalBytes: total).rawValue)
    }

    private func probeAll() async -> [OperationalCheckResponse.Peer] {
        await withTaskGroup(of: (Int, OperationalCheckResponse.Peer).self) { group in
            for (index, peer) in peers.enumerated() {
                group.addTask { (index, await probe(peer)) }
            }
            var answers: [(Int, OperationalCheckResponse.Peer)] = []
            for await answer in group { answers.append(answer) }
            return answers.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private func probe(_ peer: OperationalCheck.Peer) async -> OperationalCheckResponse.Peer {
        let started = ContinuousClock.now
        do {
            let response = try await transport.send(OutboundRequest(url: peer.probe, timeout: Self.probeTimeout))
            let elapsed = ContinuousClock.now - started
            let healthy = peer.isHealthy(status: response.status)
            return .init(kind: peer.kind.rawValue, url: peer.url.absoluteString, reachable: true, healthy: healthy, status: response.status,
                         latencySeconds: Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds),
                         reason: healthy ? nil : "\(peer.probe.path) answered \(response.status)")
        } catch {
            return .init(kind: peer.kind.rawValue, url: peer.url.absoluteString, reachable: false, healthy: false, status: nil, latencySeconds: nil,
                         reason: "\(error)")
        }
    }
}
