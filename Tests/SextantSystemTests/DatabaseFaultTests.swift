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

/// PostgreSQL stopped and started again under a running, loaded replica: requests fail fast
/// with 503 and `Retry-After`, `/ready` says so, the replica recovers by itself, no
/// acknowledged export is lost, and SIGTERM while the database is down stops it in time.
@Suite("The database going away")
struct DatabaseFaultTests {
    /// A PostgreSQL of this test's own, started and stopped by `scripts/postgres`.
    struct PrivatePostgres {
        let directory: String
        let port: Int
        let url: String

        static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/postgres").path

        static func start() async throws -> PrivatePostgres {
            let directory = try temporaryDirectory()
            let port = Int.random(in: 20_000...40_000)
            let output = try await run([script, "start", directory, String(port)])
            guard let url = output.split(separator: "\n").last(where: { $0.hasPrefix("postgres://") }) else {
                throw ProcessFailure("scripts/postgres printed no URL: \(output)")
            }
            return PrivatePostgres(directory: directory, port: port, url: String(url))
        }

        /// Stops the server, keeping its data.
        func halt() async throws { try await Self.run([Self.script, "halt", directory]) }

        /// Starts the halted server again on the same port and data.
        func resume() async throws { try await Self.run([Self.script, "resume", directory, String(port)]) }

        /// Stops the server and removes its data.
        func remove() async { _ = try? await Self.run([Self.script, "stop", directory]) }

        /// Runs a command to its end, its output in a file: the server `pg_ctl` starts keeps
        /// inherited pipes open, and Foundation's `Process` does not always see such a parent end.
        @discardableResult
        static func run(_ arguments: [String]) async throws -> String {
            let log = NSTemporaryDirectory() + "sextant-postgres-" + UUID().uuidString + ".log"
            defer { try? FileManager.default.removeItem(atPath: log) }
            let command = (["/bin/bash"] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
                + " >'\(log)' 2>&1 </dev/null"
            let status = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: system(command)) }
            }
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            guard status == 0 else { throw ProcessFailure("\(arguments.joined(separator: " ")) failed (\(status)): \(text)") }
            return text
        }
    }

    static var isAvailable: Bool { TestBackend.available.contains(.postgres) }

    @Test(.enabled(if: isAvailable)) func outagesAreAnsweredFastAndRecoveredFromWithoutLosingAcknowledgedExports() async throws {
        let postgres = try await PrivatePostgres.start()
        do {
            try await outage(postgres)
        } catch {
            await postgres.remove()
            throw error
        }
        await postgres.remove()
    }

    func outage(_ postgres: PrivatePostgres) async throws {
        let server = try SextantProcess(["serve", "--port", "0", "--database-url", postgres.url, "--shutdown-grace", "10s"])
        let url = "http://127.0.0.1:\(try await server.port())"
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(2), read: .seconds(20)))
        configuration.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            try await outage(postgres, server: server, url: url, http: http)
        } catch {
            try? await http.shutdown()
            server.signal(SIGKILL)
            let lines = server.output.split(separator: "\n")
            print("database fault: the server's last lines:\n" + lines.suffix(20).joined(separator: "\n"))
            print("database fault: export answers:\n" + lines.filter { $0.contains("/v1/traces") || $0.contains("commit failed") }.suffix(20).joined(separator: "\n"))
            throw error
        }
        try await http.shutdown()
    }

    func outage(_ postgres: PrivatePostgres, server: SextantProcess, url: String, http: HTTPClient) async throws {
        let load = Tally()
        let service = "loader-\(UInt32.random(in: 0...UInt32.max))"

        try await withThrowingTaskGroup(of: Void.self) { group in
            for loader in 0..<4 {
                group.addTask {
                    var sequence: UInt64 = 0
                    while !load.isStopped {
                        sequence += 1
                        let status = try? await Self.export(http, url, service: service, seed: UInt64(loader) << 32 | sequence)
                        load.count(status)
                        if status != 200 { try await Task.sleep(for: .milliseconds(50)) }
                    }
                }
            }
            group.addTask {
                defer { load.stop() }
                try await Self.waitUntil("load is acknowledged") { load.acknowledged >= 50 }
                try await postgres.halt()
                // Fast 503s with Retry-After, and not ready, while the database is down.
                try await Self.waitUntil("reads fail with 503") { try await Self.get(http, "\(url)/api/v1/components").status == 503 }
                for path in ["/api/v1/components", "/api/v1/slos", "/api/v1/graph"] {
                    let started = ContinuousClock.now
                    let answer: (status: Int, retryAfter: String?, body: String)
                    do {
                        answer = try await Self.get(http, url + path)
                    } catch {
                        throw ProcessFailure("\(path) during the outage: \(error) after \(ContinuousClock.now - started)")
                    }
                    #expect(answer.status == 503 && answer.retryAfter != nil, "\(path): \(answer)")
                    #expect(ContinuousClock.now - started < .seconds(10), "\(path) answered only after \(ContinuousClock.now - started)")
                }
                #expect(try await Self.get(http, "\(url)/ready").status == 503)
                let refusedBefore = load.refused
                try await Self.waitUntil("exports are refused") { load.refused > refusedBefore + 5 }
                try await postgres.resume()
                // Recovers by itself: ready again and answering, with no restart.
                try await Self.waitUntil("it recovers") {
                    let ready = try await Self.get(http, "\(url)/ready").status
                    let components = try await Self.get(http, "\(url)/api/v1/components").status
                    return ready == 200 && components == 200
                }
                let acknowledgedBefore = load.acknowledged
                try await Self.waitUntil("exports are acknowledged again") { load.acknowledged > acknowledgedBefore + 20 }
                load.stop()
            }
            try await group.waitForAll()
        }

        // Every acknowledged export is counted; some refused ones may have been committed too
        // (a commit that succeeded as the connection broke), never more than were refused.
        let red = try await Self.get(http, "\(url)/api/v1/services/\(service)/red?window=1h")
        let counted = ((try JSONSerialization.jsonObject(with: Data(red.body.utf8)) as? [String: Any])?["red"] as? [String: Any])?["requests"] as? Int ?? -1
        #expect(counted >= load.acknowledged && counted <= load.acknowledged + load.refused + load.failed,
                "counted \(counted), acknowledged \(load.acknowledged), refused \(load.refused), failed \(load.failed)")
        print("database fault: \(load.acknowledged) acknowledged, \(load.refused) refused with 503, \(load.failed) failed, \(counted) counted")

        // SIGTERM while the database is down: the server stops within its grace period.
        try await postgres.halt()
        try await Self.waitUntil("reads fail with 503") { try await Self.get(http, "\(url)/api/v1/components").status == 503 }
        let stopping = ContinuousClock.now
        server.signal(SIGTERM)
        let status = try await server.exitStatus(timeout: .seconds(30))
        #expect(status == 0, "\(server.errorOutput.prefix(1_000))\n\(server.output.split(separator: "\n").suffix(30).joined(separator: "\n"))")
        print("database fault: stopped \(ContinuousClock.now - stopping) after SIGTERM with the database down")
    }

    static func export(_ http: HTTPClient, _ url: String, service: String, seed: UInt64) async throws -> Int {
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        var request = keyedRequest("\(url)/v1/traces")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-protobuf")
        request.body = .bytes(ByteBuffer(bytes: OTLPExport(resources: [.init(service: service, spans: [
            .init(traceID: TraceID(high: seed, low: 1), spanID: SpanID(1), name: "GET /", kind: .server, startNanos: now, endNanos: now + 1_000_000),
        ])]).protobuf()))
        let response = try await http.execute(request, timeout: .seconds(20))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    static func get(_ http: HTTPClient, _ url: String) async throws -> (status: Int, retryAfter: String?, body: String) {
        let response = try await http.execute(keyedRequest(url), timeout: .seconds(20))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), response.headers.first(name: "Retry-After"), String(buffer: body))
    }

    /// Polls `condition` until it holds, for at most a minute.
    static func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ProcessFailure("\(what): not within a minute")
    }

    /// How the loaders' exports were answered.
    final class Tally: Sendable {
        private struct Counts { var acknowledged = 0, refused = 0, failed = 0, stopped = false }
        private let counts = Mutex(Counts())

        func count(_ status: Int?) {
            counts.withLock { counts in
                switch status {
                case 200?: counts.acknowledged += 1
                case 503?: counts.refused += 1
                default: counts.failed += 1
                }
            }
        }

        func stop() { counts.withLock { $0.stopped = true } }
        var isStopped: Bool { counts.withLock { $0.stopped } }
        var acknowledged: Int { counts.withLock { $0.acknowledged } }
        var refused: Int { counts.withLock { $0.refused } }
        var failed: Int { counts.withLock { $0.failed } }
    }
}
