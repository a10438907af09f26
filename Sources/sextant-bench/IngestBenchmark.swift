#if canImport(Glibc)
import SextantWorkloads
import Glibc
#endif
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import SextantWire
import Synchronization

/// End-to-end OTLP ingest throughput against a real `sextant serve` process.
struct IngestBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Post pre-encoded OTLP batches to `sextant serve` over loopback and print spans/s, latency and peak RSS."
    )

    @Option(help: "Seconds of load.") var duration = 20.0
    @Option(help: "Concurrent connections.") var connections = 8
    @Option(help: "Spans per export request.") var spans = 512
    @Option(help: "Distinct services in the traffic.") var services = 40
    @Option(help: "Distinct pre-encoded requests.") var payloads = 64
    @Option(name: .customLong("database-url"), help: "Run the server on PostgreSQL instead of SQLite.") var databaseURL: String?
    @Option(help: "The sextant binary (default: beside this one).") var binary: String?
    @Option(help: "Load an already running server on this port instead of starting one.") var port: Int?
    @Flag(help: "Run the server with --trace-storage=false (rollups only, no raw spans kept).") var withoutSpanStorage = false
    @Option(name: .customLong("server-argument"), help: "A further argument for `sextant serve` (repeatable), e.g. --server-argument=--trace-sample-rate=0.5.")
    var serverArguments: [String] = []

    func run() async throws {
        var random = SplitMix64(seed: 7)
        let requests = SyntheticSpans.payloads(count: payloads, spansPerRequest: spans, services: services, using: &random)
        let averageBytes = requests.map(\.bytes.count).reduce(0, +) / requests.count
        print("payloads: \(requests.count) requests of \(spans) spans, \(averageBytes / 1024) KiB each, \(services) services")

        let single = decodeRate(requests, threads: 1)
        let parallel = decodeRate(requests, threads: ProcessInfo.processInfo.activeProcessorCount)
        print("decode only: \(Int(single)) spans/s on 1 thread, \(Int(parallel)) spans/s on \(ProcessInfo.processInfo.activeProcessorCount) threads")

        if let port {
            let result = try await load(requests, port: port)
            print("end to end: \(Int(Double(result.acceptedSpans) / result.elapsed)) spans/s against the server on port \(port)")
            return
        }
        let server = try ServerUnderTest(binary: binary, databaseURL: databaseURL, arguments: (withoutSpanStorage ? ["--trace-storage=false"] : []) + serverArguments)
        defer { server.stop() }
        try await server.waitUntilHealthy()
        let result = try await load(requests, port: server.port)
        let peak = server.peakResidentBytes()
        let cpu = server.cpuSeconds()

        let latencies = Percentiles(milliseconds: result.latencies)
        let rate = Double(result.acceptedSpans) / result.elapsed
        print("end to end: \(Int(rate)) spans/s (\(Int(Double(result.accepted) / result.elapsed)) requests/s) over \(format(result.elapsed, decimals: 1)) s "
            + "with \(connections) connections; \(result.refused) refused (503), \(result.failed) failed")
        print("request latency: p50 \(format(latencies.p50, decimals: 1)) ms, p99 \(format(latencies.p99, decimals: 1)) ms, max \(format(latencies.max, decimals: 1)) ms")
        print("server: peak RSS \(peak / 1_048_576) MiB, \(format(cpu, decimals: 1)) CPU s (\(format(cpu / result.elapsed * 100, decimals: 0))% of one core)")
        print("end to end / decode only (all threads): \(format(rate / parallel * 100, decimals: 1))%")
        if !withoutSpanStorage {
            let metrics = try await server.metrics()
            print("span storage (default sampling): \(Int(metrics["sextant_trace_spans_kept_total"] ?? 0)) spans kept, "
                + "\(Int(metrics["sextant_trace_spans_dropped_total"] ?? 0)) not sampled, \(Int(metrics["sextant_trace_spans_capped_total"] ?? 0)) over the cap, "
                + "\(Int(metrics["sextant_trace_spans_held"] ?? 0)) still held")
        }
    }

    /// Decodes every payload repeatedly on `threads` threads for about two seconds.
    func decodeRate(_ requests: [SyntheticSpans.Payload], threads: Int) -> Double {
        let counter = Atomic<Int>(0)
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .seconds(2)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var index = thread
            while clock.now < deadline {
                let decoded = try? OTLPProtobufDecoder.decode(requests[index % requests.count].bytes)
                counter.add(decoded?.spans.count ?? 0, ordering: .relaxed)
                index += threads
            }
        }
        return Double(counter.load(ordering: .relaxed)) / (clock.now - start).seconds
    }

    struct LoadResult {
        var accepted = 0
        var acceptedSpans = 0
        var refused = 0
        var failed = 0
        var latencies: [Double] = []
        var elapsed = 0.0
    }

    func load(_ requests: [SyntheticSpans.Payload], port: Int) async throws -> LoadResult {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(60)))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .seconds(duration)
        let stamps = StampCounter()
        let results = try await withThrowingTaskGroup(of: LoadResult.self) { group in
            for connection in 0..<connections {
                group.addTask {
                    var result = LoadResult()
                    var index = connection
                    while clock.now < deadline {
                        let payload = requests[index % requests.count]
                        index += connections
                        var request = keyedRequest("http://127.0.0.1:\(port)/v1/traces")
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/x-protobuf")
                        request.body = .bytes(ByteBuffer(bytes: payload.stamped(stamps.next())))
                        let sent = clock.now
                        do {
                            let response = try await http.execute(request, timeout: .seconds(60))
                            _ = try await response.body.collect(upTo: 1 << 20)
                            result.latencies.append((clock.now - sent).seconds * 1000)
                            switch response.status.code {
                            case 200:
                                result.accepted += 1
                                result.acceptedSpans += payload.spanCount
                            case 503: result.refused += 1
                            default: result.failed += 1
                            }
                        } catch {
                            result.failed += 1
                        }
                    }
                    return result
                }
            }
            var total = LoadResult()
            for try await partial in group {
                total.accepted += partial.accepted
                total.acceptedSpans += partial.acceptedSpans
                total.refused += partial.refused
                total.failed += partial.failed
                total.latencies += partial.latencies
            }
            return total
        }
        var total = results
        total.elapsed = (clock.now - start).seconds
        try await http.shutdown()
        return total
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
