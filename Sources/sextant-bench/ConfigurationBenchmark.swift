import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Configuration reads and watches: writes `--keys` keys, times `--reads` reads of single keys
/// (`--concurrency` at a time), then holds `--watchers` long-polls on one prefix, writes once and
/// times until every watcher has its answer; prints the server's RSS with and without them.
struct ConfigurationBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Time configuration reads and wake many watchers with one write.")

    @Option(help: "Keys written first.") var keys = 1_000
    @Option(help: "Single-key reads timed.") var reads = 5_000
    @Option(help: "Reads in flight at once.") var concurrency = 16
    @Option(help: "Requests watching one prefix.") var watchers = 1_000
    @Option(help: "Keys under the watched prefix (each watcher's answer lists them).") var watchedKeys = 10
    @Option(help: "The sextant binary (default: beside this one).") var binary: String?

    func run() async throws {
        let server = try ServerUnderTest(binary: binary, databaseURL: nil)
        defer { server.stop() }
        try await server.waitUntilHealthy()
        let base = "http://127.0.0.1:\(server.port)"
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: .seconds(120)))
        configuration.connectionPool = .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: watchers + concurrency + 8)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)

        _ = try await exchange(http, .POST, base + "/api/v1/environments", #"{"name":"bench"}"#)
        for index in 0..<keys {
            _ = try await exchange(http, .PUT, base + "/api/v1/configuration/app.key\(index)?environment=bench",
                               #"{"host":"db-\#(index)","port":\#(5_000 + index),"pool":{"min":2,"max":20},"flags":["a","b"]}"#)
        }
        for index in 0..<watchedKeys {
            _ = try await exchange(http, .PUT, base + "/api/v1/configuration/watched.key\(index)?environment=bench", #"{"replicas":\#(index)}"#)
        }
        let readTimes = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var times: [Double] = []
                    for index in stride(from: worker, to: reads, by: concurrency) {
                        let started = ContinuousClock.now
                        _ = try await exchange(http, .GET, base + "/api/v1/configuration/app.key\(index % keys)?environment=bench")
                        times.append((ContinuousClock.now - started).seconds * 1_000)
                    }
                    return times
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        print("reads of one key (\(concurrency) at a time): \(Percentiles(milliseconds: readTimes).summary)")
        let listStarted = ContinuousClock.now
        let listed = try await exchange(http, .GET, base + "/api/v1/configuration?environment=bench&prefix=app.")
        print("list of \(keys) keys: \(format((ContinuousClock.now - listStarted).seconds * 1_000)) ms, \(listed.utf8.count) bytes")
        let rssBefore = server.currentResidentBytes()

        let index = try indexOf(try await exchange(http, .GET, base + "/api/v1/configuration?environment=bench&prefix=watched."))
        let woken = Task {
            try await withThrowingTaskGroup(of: ContinuousClock.Instant.self) { group in
                for _ in 0..<watchers {
                    group.addTask {
                        _ = try await exchange(http, .GET, base + "/api/v1/configuration?environment=bench&prefix=watched.&index=\(index)&wait=60s")
                        return ContinuousClock.now
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        while try await watching(http, base) < watchers { try await Task.sleep(for: .milliseconds(50)) }
        let rssWatching = server.currentResidentBytes()
        let written = ContinuousClock.now
        _ = try await exchange(http, .PUT, base + "/api/v1/configuration/watched.key0?environment=bench", #"{"replicas":7}"#)
        let answers = try await woken.value.map { ($0 - written).seconds * 1_000 }
        print("\(watchers) watchers of a prefix of \(watchedKeys) keys, woken by one write: \(Percentiles(milliseconds: answers).summary)")
        print("server RSS: \(server.currentResidentBytes() / 1_048_576) MiB after, \(rssBefore / 1_048_576) MiB before the watchers, "
              + "\(rssWatching / 1_048_576) MiB while \(watchers) waited; peak \(server.peakResidentBytes() / 1_048_576) MiB")
        try await http.shutdown()
    }

    private func indexOf(_ body: String) throws -> Int {
        guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], let index = object["index"] as? Int else {
            throw ValidationError("the list has no index")
        }
        return index
    }

    private func watching(_ http: HTTPClient, _ base: String) async throws -> Int {
        let metrics = try await exchange(http, .GET, base + "/metrics")
        let line = metrics.split(separator: "\n").first { $0.hasPrefix("sextant_configuration_watchers ") }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
    }
}

@discardableResult
private func exchange(_ http: HTTPClient, _ method: HTTPMethod, _ url: String, _ body: String? = nil) async throws -> String {
    var request = keyedRequest(url)
    request.method = method
    if let body {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
    }
    let response = try await http.execute(request, timeout: .seconds(120))
    let bytes = try await response.body.collect(upTo: 64 << 20)
    guard response.status.code < 300 else { throw ValidationError("\(method) \(url) answered \(response.status): \(String(buffer: bytes))") }
    return String(buffer: bytes)
}
