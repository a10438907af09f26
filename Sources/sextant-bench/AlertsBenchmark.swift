#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import SextantCore
import Synchronization

/// The same alert stream posted to Alertmanager 0.25 and to `sextant serve`, one after the
/// other, with the same routing tree; prints alerts accepted per second, the time from the
/// first post to the last notification, and peak RSS for each, and Sextant's ratio.
struct AlertsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Post the same alerts to Alertmanager and to Sextant and compare throughput, notification latency and memory."
    )

    @Option(help: "Distinct alerts.") var alerts = 20_000
    @Option(help: "How many times every alert is posted.") var rounds = 3
    @Option(help: "Seconds between rounds (Prometheus re-sends firing alerts).") var interval = 3.0
    @Option(help: "Alerts per POST (Prometheus sends at most 64).") var batch = 64
    @Option(help: "Concurrent connections posting.") var connections = 4
    @Option(help: "Child routes in the routing tree.") var routes = 30
    @Option(help: "The Alertmanager binary.") var alertmanager = "/usr/bin/prometheus-alertmanager"
    @Option(help: "The sextant binary (default: beside this one).") var binary: String?
    @Option(name: .customLong("database-url"), help: "Run Sextant on PostgreSQL instead of SQLite: each run gets a new database on this server, dropped afterwards.") var databaseURL: String?
    @Option(help: "Runs of each system, taking turns; the medians are printed.") var trials = 1

    struct Result {
        var system: String
        var accepted = 0
        var postSeconds = 0.0
        var roundSeconds: [Double] = []
        var firstPostToLastNotification = 0.0
        var notifications = 0
        var notifiedAlerts = 0
        var peakRSS = 0
        var cpuSeconds = 0.0
        var rate: Double { Double(accepted) / postSeconds }
    }

    func run() async throws {
        let sink = NotificationSink()
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        router.post("{system}/{receiver}") { request, context -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 64 << 20)
            sink.record(system: try context.parameters.require("system"), body: Data(buffer: body))
            return .ok
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) })
        let serving = Task { try await app.run() }
        defer { serving.cancel() }
        var iterator = ports.makeAsyncIterator()
        let sinkURL = "http://127.0.0.1:\(await iterator.next() ?? 0)"

        print("stream: \(alerts) distinct alerts in \((alerts + batch - 1) / batch) POSTs of \(batch), \(rounds) rounds \(interval) s apart, "
            + "\(connections) connections; \(routes) routes grouping by alertname and service")

        var theirs: [Result] = [], ours: [Result] = []
        for trial in 1...trials {
            if trials > 1 { print("trial \(trial) of \(trials)") }
            theirs.append(try await runAlertmanager(sinkURL: sinkURL, sink: sink, key: "alertmanager-\(trial)"))
            ours.append(try await runSextant(sinkURL: sinkURL, sink: sink, key: "sextant-\(trial)"))
        }

        print("")
        if trials > 1 { print("medians of \(trials) trials, each system alone on the machine in turn") }
        print("system                alerts/s   first post → last notification   notifications   peak RSS   CPU s")
        for results in [theirs, ours] {
            print(results[0].system.padding(toLength: 20, withPad: " ", startingAt: 0)
                + String(format: "%10.0f   %29.2f s   %13.0f   %5d MiB   %5.1f", median(results.map(\.rate)), median(results.map(\.firstPostToLastNotification)),
                         median(results.map { Double($0.notifications) }), Int(median(results.map { Double($0.peakRSS) })) / 1_048_576,
                         median(results.map(\.cpuSeconds))))
        }
        let ratios = zip(ours, theirs).map { $0.rate / $1.rate }
        print(String(format: "Sextant / Alertmanager throughput: %.2f×", median(ratios))
            + (trials > 1 ? String(format: " (median; trials %@)", ratios.map { String(format: "%.2f", $0) }.joined(separator: ", ")) : ""))
    }

    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    func runAlertmanager(sinkURL: String, sink: NotificationSink, key: String) async throws -> Result {
        let directory = NSTemporaryDirectory() + "sextant-bench-alerts-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try routing(sinkURL: sinkURL + "/" + key).write(toFile: directory + "/alertmanager.yml", atomically: true, encoding: .utf8)
        let port = ServerUnderTest.freePort()
        let peer = try ServerUnderTest(
            executable: alertmanager,
            arguments: ["--config.file=\(directory)/alertmanager.yml", "--storage.path=\(directory)/alertmanager-data",
                        "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn"],
            port: port, directory: directory + "/alertmanager-data")
        defer { peer.stop() }
        try await peer.waitUntilHealthy(path: "/-/ready")
        return try await measure("Alertmanager 0.25", server: peer, sink: sink, key: key)
    }

    /// Sextant on SQLite in a fresh directory, or on a database of its own created for this
    /// run next to `--database-url`'s (a notification log left by an earlier run would keep it
    /// from notifying again).
    func runSextant(sinkURL: String, sink: NotificationSink, key: String) async throws -> Result {
        let directory = NSTemporaryDirectory() + "sextant-bench-alerts-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try routing(sinkURL: sinkURL + "/" + key).write(toFile: directory + "/sextant.yaml", atomically: true, encoding: .utf8)
        var database: ThrowawayDatabase?
        if let databaseURL { database = try await ThrowawayDatabase.create(next: databaseURL) }
        let server = try ServerUnderTest(binary: binary, databaseURL: database?.url, arguments: ["--alerting-config", directory + "/sextant.yaml"])
        let result: Swift.Result<Result, any Error>
        do {
            try await server.waitUntilHealthy()
            result = .success(try await measure("Sextant" + (databaseURL == nil ? " (SQLite)" : " (PostgreSQL)"), server: server, sink: sink, key: key))
        } catch {
            result = .failure(error)
        }
        server.stop()
        try await database?.drop()
        return try result.get()
    }

    /// What Prometheus resends every round: `alertname` × `service` × `instance`, each service
    /// owned by one of the routes' teams, firing since `firing` and valid for four resend delays
    /// (Prometheus's default delay is one minute) from `sent`, so every resend moves `endsAt`.
    func makePayloads(firing: Date, sent: Date) -> [[UInt8]] {
        let startsAt = GoTime.format(firing)
        let endsAt = GoTime.format(sent.addingTimeInterval(4 * 60))
        var bodies: [[UInt8]] = []
        for first in stride(from: 0, to: alerts, by: batch) {
            let items = (first..<min(first + batch, alerts)).map { index -> String in
                let service = index % 100
                return #"{"labels":{"alertname":"Alert\#(index % 10)","service":"service-\#(service)","team":"team-\#(service % routes)","#
                    + #""instance":"instance-\#(index)","severity":"warning"},"annotations":{"summary":"alert \#(index) of the benchmark"},"#
                    + #""startsAt":"\#(startsAt)","endsAt":"\#(endsAt)","generatorURL":"http://prometheus.example/graph"}"#
            }
            bodies.append(Array(("[" + items.joined(separator: ",") + "]").utf8))
        }
        return bodies
    }

    /// A routing tree of `routes` team routes, each to its own webhook receiver.
    func routing(sinkURL: String) -> String {
        var text = """
            route:
              receiver: fallback
              group_by: [alertname, service]
              group_wait: 1s
              group_interval: 5s
              repeat_interval: 1h
              routes:

            """
        for team in 0..<routes { text += "    - matchers: ['team=\"team-\(team)\"']\n      receiver: team-\(team)\n" }
        text += "receivers:\n  - name: fallback\n    webhook_configs:\n      - url: \(sinkURL)/fallback\n"
        for team in 0..<routes { text += "  - name: team-\(team)\n    webhook_configs:\n      - url: \(sinkURL)/team-\(team)\n" }
        return text
    }

    func measure(_ system: String, server: ServerUnderTest, sink: NotificationSink, key: String) async throws -> Result {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(60)))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { _ = http.shutdown() }
        var result = Result(system: system)
        let clock = ContinuousClock()
        // Each system sees alerts that began firing as its first post goes out.
        let firing = Date()
        let payloadsOfRounds = (0..<rounds).map { makePayloads(firing: firing, sent: firing.addingTimeInterval(Double($0) * interval)) }
        let firstPost = clock.now
        let firstPostDate = Date()
        for (round, payloads) in payloadsOfRounds.enumerated() {
            if round > 0 { try await Task.sleep(until: firstPost + .seconds(Double(round) * interval)) }
            let next = BatchCounter()
            let (port, batch, alerts, connections) = (server.port, self.batch, self.alerts, self.connections)
            let started = clock.now
            let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<connections {
                    group.addTask {
                        var accepted = 0
                        while true {
                            let index = next.value.add(1, ordering: .relaxed).oldValue
                            guard index < payloads.count else { return accepted }
                            var request = keyedRequest("http://127.0.0.1:\(port)/api/v2/alerts")
                            request.method = .POST
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.body = .bytes(ByteBuffer(bytes: payloads[index]))
                            let response = try await http.execute(request, timeout: .seconds(60))
                            _ = try await response.body.collect(upTo: 1 << 20)
                            guard response.status == .ok else { throw ValidationError("\(system) answered \(response.status) to a POST") }
                            accepted += min(batch, alerts - index * batch)
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            result.accepted += accepted
            result.postSeconds += (clock.now - started).seconds
            result.roundSeconds.append((clock.now - started).seconds)
        }
        // Every alert notified at least once.
        while sink.notifiedAlerts(of: key) < alerts {
            guard (clock.now - firstPost) < .seconds(300) else { throw ValidationError("\(system) notified only \(sink.notifiedAlerts(of: key)) alerts") }
            try await Task.sleep(for: .milliseconds(20))
        }
        result.firstPostToLastNotification = sink.lastNewAlert(of: key).timeIntervalSince(firstPostDate)
        result.notifications = sink.notifications(of: key)
        result.notifiedAlerts = sink.notifiedAlerts(of: key)
        result.peakRSS = server.peakResidentBytes()
        result.cpuSeconds = server.cpuSeconds()
        print(String(format: "%@: %.0f alerts/s accepted (rounds of %@ s), the last alert first notified %.2f s after the first post", system, result.rate,
                     result.roundSeconds.map { String(format: "%.2f", $0) }.joined(separator: ", "), result.firstPostToLastNotification))
        return result
    }
}
