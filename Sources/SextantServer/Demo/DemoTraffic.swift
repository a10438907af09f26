import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SextantCore
import SextantStorage
import ServiceLifecycle

/// `sextant serve --demo`: registers the demo catalog (when the catalog is empty) and sends
/// real OTLP/HTTP to the server's own `/v1/traces` several times a second.
final class DemoTraffic: Service, Sendable {
    private let catalog: any CatalogStore
    private let clock: any WallClock
    private let logger: Logger
    private let ports: AsyncStream<Int>
    private let portContinuation: AsyncStream<Int>.Continuation

    init(catalog: any CatalogStore, clock: any WallClock, logger: Logger) {
        self.catalog = catalog
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
            while !Task.isCancelled {
                let export = traces.checkouts(Int.random(in: 15...25), now: self.clock.now())
                await self.send(export.protobuf(), to: port)
                try? await Task.sleep(for: .milliseconds(250))
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
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/traces")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-protobuf")
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 20)
            if response.status != .ok { logger.warning("demo export refused", metadata: ["http.status": "\(response.status.code)"]) }
        } catch {
            logger.warning("demo export failed", metadata: ["error": "\(error)"])
        }
    }
}
