import Foundation
import Hummingbird
import SextantCore
import Synchronization

/// A local stand-in for the receivers' services (PagerDuty, Slack, webhooks) and for the
/// components' health endpoints: records every POST with the test clock's time, and answers
/// `GET /health/{name}` with 200, or 503 for the components marked down.
public final class WebhookSink: Sendable {
    public struct Delivery: Sendable {
        public var path: String
        public var data: Data
        public var at: Date

        /// The body as a JSON object.
        public var body: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
    }

    private let deliveries = Mutex<[Delivery]>([])
    private let down = Mutex<Set<String>>([])
    private let failures = Mutex(0)
    public let clock: any WallClock

    public init(clock: any WallClock = SystemClock()) {
        self.clock = clock
    }

    public var received: [Delivery] { deliveries.withLock { $0 } }

    public func received(at path: String) -> [Delivery] { received.filter { $0.path == path } }

    public func setDown(_ names: Set<String>) { down.withLock { $0 = names } }

    /// Answers the next `count` POSTs with 503.
    public func failNext(_ count: Int) { failures.withLock { $0 = count } }

    /// Serves on a free loopback port while `body` runs; `body` gets the base URL.
    public func serve(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("**") { request, context -> HTTPResponse.Status in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let now = self.clock.now()
            self.deliveries.withLock { $0.append(Delivery(path: request.uri.path, data: Data(buffer: buffer), at: now)) }
            return self.failures.withLock { remaining in
                guard remaining > 0 else { return .ok }
                remaining -= 1
                return .serviceUnavailable
            }
        }
        router.get("health/{name}") { _, context -> HTTPResponse.Status in
            let name = try context.parameters.require("name")
            return self.down.withLock { $0.contains(name) } ? .serviceUnavailable : .ok
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var ports = stream.makeAsyncIterator()
            let port = await ports.next() ?? 0
            try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
        }
    }

}
