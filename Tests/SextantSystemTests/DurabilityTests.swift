#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import Testing
import SextantCore
import SextantWire
import SextantTestSupport

/// A 200 means committed: kill the server under load, restart it, and reconcile.
@Suite("Durability of acknowledged exports")
struct DurabilityTests {
    static let spansPerRequest = 40
    static let loaders = 6

    /// One export request whose spans all carry the operation name `operation`.
    static func request(service: String, operation: String, seed: UInt64) -> [UInt8] {
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        let spans = (0..<spansPerRequest).map { index in
            OTLPExport.SpanRecord(
                traceID: TraceID(high: seed, low: UInt64(index + 1)), spanID: SpanID(UInt64(index + 1)), name: operation, kind: .server,
                startNanos: now, endNanos: now + 5_000_000, attributes: [.init("http.response.status_code", .int(200))]
            )
        }
        return OTLPExport(resources: [.init(service: service, spans: spans)]).protobuf()
    }

    @Test(arguments: TestBackend.available)
    func everyAcknowledgedSpanIsCountedOnceAfterSIGKILL(_ backend: TestBackend) async throws {
        try await withTestDatabase(backend) { database in
            let arguments = ["serve", "--port", "0", "--database-url", try #require(database.url)]
            let server = try SextantProcess(arguments)
            let url = "http://127.0.0.1:\(try await server.port())"
            var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(2), read: .seconds(10)))
            configuration.connectionPool.retryConnectionEstablishment = false
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let load = LoadRecord()

            try await withThrowingTaskGroup(of: Void.self) { group in
                for loader in 0..<Self.loaders {
                    group.addTask { try await sendExports(loader: loader, to: url, record: load, http: http) }
                }
                group.addTask {
                    // Let load build up, then kill the server mid-stream, while requests are under way
                    // (after 60 s at the latest, so that a server which stops answering fails the
                    // test instead of hanging it).
                    // The server is stopped first and the client given time to read what was already
                    // answered: a request still unanswered then was truly under way at the kill.
                    let deadline = ContinuousClock.now + .seconds(60)
                    while true {
                        while (load.acknowledgedCount < 60 || load.inFlightCount < 1) && ContinuousClock.now < deadline {
                            try await Task.sleep(for: .milliseconds(1))
                        }
                        server.signal(SIGSTOP)
                        try await Task.sleep(for: .milliseconds(300))
                        if load.inFlightCount > 0 || ContinuousClock.now >= deadline { break }
                        server.signal(SIGCONT)
                    }
                    server.signal(SIGKILL)
                    load.stop()
                }
                try await group.waitForAll()
            }
            try await http.shutdown()
            _ = try await server.exitStatus()

            let restarted = try SextantProcess(arguments)
            let restartedURL = "http://127.0.0.1:\(try await restarted.port())"
            var counted: [String: Int] = [:]
            for loader in 0..<Self.loaders {
                let answer = try await httpGet("\(restartedURL)/api/v1/services/loader-\(loader)/red?window=1h")
                let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
                for operation in object?["operations"] as? [[String: Any]] ?? [] {
                    let red = operation["red"] as? [String: Any]
                    counted[operation["operation"] as? String ?? ""] = red?["requests"] as? Int
                }
            }
            restarted.signal(SIGTERM)
            _ = try await restarted.exitStatus()

            let sent = load.outcomes
            let acknowledged = sent.filter(\.value).map(\.key)
            #expect(acknowledged.count >= 60, "first client error: \(load.firstError ?? "none")")
            let inFlight = sent.filter { !$0.value }.map(\.key)
            print("durability[\(backend)]: \(acknowledged.count) acknowledged, \(inFlight.count) in flight at the kill, "
                + "\(inFlight.filter { counted[$0] != nil }.count) of those committed anyway")
            // The kill came while requests were under way, so the reconciliation below tests something.
            #expect(!inFlight.isEmpty)
            for operation in acknowledged {
                #expect(counted[operation] == Self.spansPerRequest, "acknowledged \(operation) counted \(counted[operation] ?? 0) times")
            }
            for (operation, wasAcknowledged) in sent where !wasAcknowledged {
                #expect([nil, Self.spansPerRequest].contains(counted[operation]), "unacknowledged \(operation) counted \(counted[operation] ?? 0)")
            }
            #expect(Set(counted.keys).isSubset(of: Set(sent.keys)))
        }
    }
}
