import Foundation
import Logging
import SextantCore
import SextantStorage
import SextantWire
import ServiceLifecycle

/// `sextant serve --demo`: registers the demo catalog (when the catalog is empty) and sends
/// real OTLP/HTTP to the server's own `/v1/traces` several times a second.
final class DemoTraffic: Service, Sendable {
    private let catalog: any CatalogStore
    private let transport: any HTTPTransport
    private let clock: any WallClock
    private let logger: Logger
    /// The simulator's own ingest key, known to this process alone.
    private let key: APIKeyText
    private let ports: AsyncStream<Int>
    private let portContinuation: AsyncStream<Int>.Continuation

    init(catalog: any CatalogStore, transport: any HTTPTransport, keys: KeyDirectory, clock: any WallClock, logger: Logger) {
        let (key, record) = NewAPIKey.make(name: "demo-traffic", role: .ingest, createdBy: "sextant serve --demo", at: clock.now())
        keys.addProcessKey(record)
        self.key = key
        self.catalog = catalog
        self.transport = transport
        self.clock = clock
        self.logger = logger
        (self.ports, self.portContinuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Tells the simulator where the server listens.
    func serverIsListening(on port: Int) {
        portContinuation.yield(port)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var iterator = self.ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            await self.registerCatalogIfEmpty()
            self.logger.info("demo traffic started", metadata: ["demo.endpoint": "http://127.0.0.1:\(port)/v1/traces"])
            var traces = DemoTraces(random: SystemRandomNumberGenerator())
            var ticks = self.clock.ticks(every: 0.25).makeAsyncIterator()
            while true {
                let export = traces.checkouts(Int.random(in: 15...25), now: self.clock.now())
                await self.send(export.protobuf(), to: port)
                guard await ticks.next() != nil else { break }
            }
        }
    }

    private func registerCatalogIfEmpty() async {
        do {
            guard try await catalog.snapshot().components.isEmpty else { return }
            _ = try await catalog.apply(CatalogDocument(components: DemoCatalog.components), prune: false, dryRun: false)
            logger.info("demo catalog registered", metadata: ["catalog.components": "\(DemoCatalog.components.count)"])
        } catch {
            logger.error("demo catalog not registered", metadata: ["error": "\(error)"])
        }
    }

    private func send(_ body: [UInt8], to port: Int) async {
        let request = OutboundRequest(method: "POST", url: URL(string: "http://127.0.0.1:\(port)/v1/traces")!,
                                      headers: [("Content-Type", "application/x-protobuf"), ("Authorization", "Bearer \(key.text)")], body: body, timeout: .seconds(10))
        do {
            let response = try await transport.send(request)
            if response.status != 200 { logger.warning("demo export refused", metadata: ["http.status": "\(response.status)"]) }
        } catch {
            logger.warning("demo export failed", metadata: ["error": "\(error)"])
        }
    }
}
