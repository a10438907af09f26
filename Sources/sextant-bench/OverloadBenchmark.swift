#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import SextantCore
import SextantWire
import Synchronization

/// OTLP exports from `wrk` at rising connection counts (8, 80, 800 by default): accepted and
/// refused requests per second, the p99 of accepted requests and of `/health` (measured by
/// probes that wait in line like everyone else), and the server's peak RSS.
struct OverloadBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overload",
        abstract: "Drive OTLP exports at 8, 80 and 800 connections with wrk and print goodput, p99 and /health latency."
    )

    @Option(help: "Connection counts, comma-separated.") var connections = "8,80,800"
    @Option(help: "Seconds per step.") var duration = 20
    @Option(help: "Spans per export (a small body).") var spans = 10
    @Option(help: "The wrk binary.") var wrk = "/usr/bin/wrk"
    @Option(help: "The sextant binary (default: beside this one).") var binary: String?
    @Option(name: .customLong("database-url"), help: "Run on PostgreSQL: a new database on this server, dropped afterwards.") var databaseURL: String?
    @Option(name: .customLong("server-argument"), help: "An extra argument for `sextant serve` (repeatable).") var serverArguments: [String] = []

    struct Step {
        var connections = 0
        var accepted = 0.0
        var refused = 0.0
        var other = 0.0
        var acceptedP99 = 0.0
        var acceptedShare = 0.0
        var healthP50 = 0.0
        var healthP99 = 0.0
        var healthMax = 0.0
    }

    func run() async throws {
        let directory = NSTemporaryDirectory() + "sextant-bench-overload-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let body = Self.export(spans: spans)
        try Data(body).write(to: URL(fileURLWithPath: directory + "/body.pb"))
        try Self.script(bodyPath: directory + "/body.pb").write(toFile: directory + "/post.lua", atomically: true, encoding: .utf8)
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)

        var database: ThrowawayDatabase?
        if let databaseURL { database = try await ThrowawayDatabase.create(next: databaseURL) }
        let server = try ServerUnderTest(binary: binary, databaseURL: database?.url, arguments: serverArguments)
        defer { server.stop() }
        try await server.waitUntilHealthy()
        let url = "http://127.0.0.1:\(server.port)"
        print("OTLP exports of \(spans) spans (\(body.count) bytes) for \(duration) s per step, on "
            + (databaseURL == nil ? "SQLite" : "PostgreSQL") + "; probes: one export and one /health at a time")
        print("connections   accepted/s   refused/s   other/s   accepted p99   probes accepted   /health p50   /health p99   /health max")
        var steps: [Step] = []
        for count in connections.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            let step = try await measure(url: url, connections: count, directory: directory, body: body)
            steps.append(step)
            print(String(format: "%11d   %10.0f   %9.0f   %7.0f   %9.1f ms   %14.0f%%   %8.1f ms   %8.1f ms   %8.1f ms", step.connections, step.accepted,
                         step.refused, step.other, step.acceptedP99 * 1000, step.acceptedShare * 100, step.healthP50 * 1000, step.healthP99 * 1000,
                         step.healthMax * 1000))
            try await Task.sleep(for: .seconds(2))
        }
        if let peak = steps.map(\.accepted).max(), peak > 0 {
            print("goodput against the peak: " + steps.map { String(format: "%d → %.0f%%", $0.connections, 100 * $0.accepted / peak) }.joined(separator: ", "))
        }
        print("peak RSS: \(server.peakResidentBytes() / 1_048_576) MiB")
        if let database { try? await database.drop() }
    }

    func measure(url: String, connections: Int, directory: String, body: [UInt8]) async throws -> Step {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t", "1", "-c", String(connections), "-d", "\(duration)s", "--timeout", "10s", "-s", directory + "/post.lua", url + "/v1/traces"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let probes = Probes()
        let stop = Stop()
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !stop.isSet {
                    var request = keyedRequest(url + "/v1/traces")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/x-protobuf")
                    request.body = .bytes(ByteBuffer(bytes: body))
                    let started = ContinuousClock.now
                    if let response = try? await http.execute(request, timeout: .seconds(10)) {
                        _ = try? await response.body.collect(upTo: 1 << 20)
                        probes.export(accepted: response.status == .ok, seconds: (ContinuousClock.now - started).seconds)
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            group.addTask {
                while !stop.isSet {
                    let started = ContinuousClock.now
                    if let response = try? await http.execute(HTTPClientRequest(url: url + "/health"), timeout: .seconds(10)) {
                        _ = try? await response.body.collect(upTo: 1 << 20)
                        probes.health(seconds: (ContinuousClock.now - started).seconds)
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            group.addTask {
                await Task.detached { process.waitUntilExit() }.value
                stop.set()
            }
            try await group.waitForAll()
        }
        try await http.shutdown()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        func figure(_ name: String) -> Double {
            text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        }
        let seconds = Double(duration)
        let result = probes.summary
        return Step(connections: connections, accepted: figure("accepted") / seconds, refused: figure("refused") / seconds,
                    other: figure("other") / seconds, acceptedP99: result.acceptedP99, acceptedShare: result.acceptedShare,
                    healthP50: result.healthP50, healthP99: result.healthP99, healthMax: result.healthMax)
    }

    /// wrk's script: POST the body; count answers by status in each thread, summed at the end.
    static func script(bodyPath: String) -> String {
        """
        local file = io.open("\(bodyPath)", "rb")
        wrk.method = "POST"
        wrk.body = file:read("*a")
        file:close()
        wrk.headers["Content-Type"] = "application/x-protobuf"
        wrk.headers["Authorization"] = "Bearer \(BenchKey.text)"
        local threads = {}
        function setup(thread) table.insert(threads, thread) end
        accepted = 0
        refused = 0
        other = 0
        function response(status, headers, body)
          if status == 200 then accepted = accepted + 1 elseif status == 503 then refused = refused + 1 else other = other + 1 end
        end
        function done(summary, latency, requests)
          local a, r, o = 0, 0, 0
          for _, thread in ipairs(threads) do
            a = a + thread:get("accepted"); r = r + thread:get("refused"); o = o + thread:get("other")
          end
          io.write("accepted " .. a .. "\\nrefused " .. r .. "\\nother " .. (o + summary.errors.connect + summary.errors.read + summary.errors.timeout) .. "\\n")
        end
        """
    }

    static func export(spans: Int) -> [UInt8] {
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        let records = (0..<spans).map { index in
            OTLPExport.SpanRecord(traceID: TraceID(high: 7, low: UInt64(index + 1)), spanID: SpanID(UInt64(index + 1)), name: "GET /items",
                                  kind: .server, startNanos: now, endNanos: now + 3_000_000,
                                  attributes: [.init("http.response.status_code", .int(200))])
        }
        return OTLPExport(resources: [.init(service: "overload", spans: records)]).protobuf()
    }

    final class Stop: Sendable {
        private let flag = Mutex(false)
        var isSet: Bool { flag.withLock { $0 } }
        func set() { flag.withLock { $0 = true } }
    }

    final class Probes: Sendable {
        private struct Samples {
            var accepted: [Double] = []
            var refused = 0
            var health: [Double] = []
        }
        private let samples = Mutex(Samples())

        func export(accepted: Bool, seconds: Double) {
            samples.withLock { if accepted { $0.accepted.append(seconds) } else { $0.refused += 1 } }
        }

        func health(seconds: Double) { samples.withLock { $0.health.append(seconds) } }

        var summary: (acceptedP99: Double, acceptedShare: Double, healthP50: Double, healthP99: Double, healthMax: Double) {
            samples.withLock { samples in
                func quantile(_ values: [Double], _ q: Double) -> Double {
                    guard !values.isEmpty else { return 0 }
                    let sorted = values.sorted()
                    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
                }
                let total = samples.accepted.count + samples.refused
                return (quantile(samples.accepted, 0.99), total == 0 ? 0 : Double(samples.accepted.count) / Double(total),
                        quantile(samples.health, 0.5), quantile(samples.health, 0.99), samples.health.max() ?? 0)
            }
        }
    }
}
