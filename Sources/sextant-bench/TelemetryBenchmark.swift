import SextantWorkloads
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import SextantWire

/// Span and log storage against a real `sextant serve`: fills it with spans (every trace kept)
/// and log lines, printing the intake rates, then measures trace by id, trace search and a
/// LogQL count over one hour.
struct TelemetryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telemetry",
        abstract: "Store spans and log lines in `sextant serve`, then print query latencies (trace by id, trace search, LogQL count over 1h)."
    )

    @Option(help: "Spans to store (every trace is kept).") var spans = 1_000_000
    @Option(help: "Log lines to store.") var lines = 1_000_000
    @Option(help: "Concurrent connections while filling.") var connections = 4
    @Option(help: "Distinct services.") var services = 20
    @Option(help: "Queries of each kind.") var queries = 200
    @Option(name: .customLong("database-url"), help: "Run the server on PostgreSQL instead of SQLite.") var databaseURL: String?
    @Option(help: "The sextant binary (default: beside this one).") var binary: String?

    func run() async throws {
        let server = try ServerUnderTest(binary: binary, databaseURL: databaseURL, arguments: [
            "--trace-sample-rate", "1", "--trace-kept-spans-per-second", "10000000", "--trace-sampling-wait", "1s",
        ])
        defer { server.stop() }
        try await server.waitUntilHealthy()
        let base = "http://127.0.0.1:\(server.port)"
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(120)))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)

        // Spans, stamped now so that searches by time find them.
        var random = SplitMix64(seed: 11)
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        let payloads = SyntheticSpans.payloads(count: 32, spansPerRequest: 500, services: services, start: now - 600_000_000_000, using: &random)
        let stamps = StampCounter()
        let spanRequests = (spans + 499) / 500
        let spanSeconds = try await fill(http, count: spanRequests) { index in
            var request = keyedRequest("\(base)/v1/traces")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-protobuf")
            request.body = .bytes(ByteBuffer(bytes: payloads[index % payloads.count].stamped(stamps.next())))
            return request
        }
        print("spans: \(spanRequests * 500) sent in \(format(spanSeconds, decimals: 1)) s, \(Int(Double(spanRequests * 500) / spanSeconds)) spans/s end to end, every trace kept")
        let clock = ContinuousClock()
        let waited = clock.now
        var kept = 0.0
        while clock.now - waited < .seconds(120) {
            kept = try await server.metrics()["sextant_trace_spans_kept_total"] ?? 0
            if kept >= Double(spanRequests * 500) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        print("spans stored: \(Int(kept)) (\(format((clock.now - waited).seconds, decimals: 1)) s after the last request)")

        // Log lines: 1,000 a push, spread over the last 50 minutes, a stream per service.
        let lineRequests = (lines + 999) / 1_000
        let nowNanos = Int64(Date().timeIntervalSince1970 * 1e9)
        let logSeconds = try await fill(http, count: lineRequests) { index in
            var request = keyedRequest("\(base)/loki/api/v1/push")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            let service = "service-\(index % services)"
            let values = (0..<1_000).map { line -> String in
                let time = nowNanos - 3_000_000_000_000 + Int64(index) * 2_900_000_000 + Int64(line)
                let status = (index + line) % 50 == 0 ? "error" : "ok"
                return #"["\#(time)","{\"status\":\"\#(status)\",\"order\":\#(index * 1_000 + line),\"msg\":\"handled request\"}"]"#
            }
            request.body = .bytes(ByteBuffer(string: #"{"streams":[{"stream":{"service":"\#(service)"},"values":[\#(values.joined(separator: ","))]}]}"#))
            return request
        }
        print("log lines: \(lineRequests * 1_000) pushed in \(format(logSeconds, decimals: 1)) s, \(Int(Double(lineRequests * 1_000) / logSeconds)) lines/s (each push committed before its 204)")

        // Trace ids to look up, from Tempo's search.
        var ids: [String] = []
        for service in 0..<min(services, 10) {
            let search = try await json(http, "\(base)/api/search?q=%7B%20resource.service.name%20%3D%20%22service-\(service)%22%20%7D&limit=100")
            ids += (search["traces"] as? [[String: Any]] ?? []).compactMap { $0["traceID"] as? String }
        }
        guard !ids.isEmpty else { throw ValidationError("no traces were found to look up") }
        let byID = try await measure(queries) { index in "\(base)/api/traces/\(ids[index % ids.count])" }
        print("trace by id: \(Percentiles(milliseconds: byID).summary)")
        let searchStart = Int64(Date().timeIntervalSince1970 * 1e6) - 3_600_000_000
        let search = try await measure(queries) { index in
            "\(base)/api/traces?service=service-\(index % services)&operation=GET%20/api/v1/orders&limit=20&start=\(searchStart)"
        }
        print("trace search (service, operation, last hour, 20 traces): \(Percentiles(milliseconds: search).summary)")
        let logQL = try await measure(max(10, queries / 10)) { index in
            let query = #"sum by (service) (count_over_time({service="service-\#(index % services)"} | json | status="error" [1h]))"#
            return "\(base)/loki/api/v1/query?query=\(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query)"
        }
        print("LogQL count over 1h (one service's \(lines / services) lines, | json | status=\"error\"): \(Percentiles(milliseconds: logQL).summary)")
        try await http.shutdown()
        let size = (try? FileManager.default.attributesOfItem(atPath: "\(server.directory)/sextant.db")[.size] as? Int) ?? 0
        print("server: peak RSS \(server.peakResidentBytes() / 1_048_576) MiB; SQLite file \(size / 1_048_576) MiB")
    }

    /// Sends `count` requests made by `make` over the connections; the seconds it took.
    func fill(_ http: HTTPClient, count: Int, make: @escaping @Sendable (Int) -> HTTPClientRequest) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in 0..<connections {
                group.addTask {
                    var index = connection
                    while index < count {
                        let response = try await http.execute(make(index), timeout: .seconds(120))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        if response.status.code >= 300 {
                            if response.status.code == 503 { try await Task.sleep(for: .milliseconds(50)); continue }
                            throw ValidationError("request \(index) was answered \(response.status.code)")
                        }
                        index += connections
                    }
                }
            }
            try await group.waitForAll()
        }
        return (clock.now - start).seconds
    }

    /// Latencies in milliseconds of `count` GETs, one at a time.
    func measure(_ count: Int, url: (Int) -> String) async throws -> [Double] {
        let clock = ContinuousClock()
        var latencies: [Double] = []
        for index in 0..<count {
            let sent = clock.now
            let response = try await HTTPClient.shared.execute(keyedRequest(url(index)), timeout: .seconds(120))
            _ = try await response.body.collect(upTo: 256 << 20)
            guard response.status == .ok else { throw ValidationError("\(url(index)) was answered \(response.status.code)") }
            latencies.append((clock.now - sent).seconds * 1000)
        }
        return latencies
    }

    func json(_ http: HTTPClient, _ url: String) async throws -> [String: Any] {
        let response = try await http.execute(keyedRequest(url), timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }
}
