import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `sextant-bench slo-store`: the server's own SLO evaluator against a real store (SQLite, or
/// PostgreSQL with `--database-url`) holding 30 days of rollups for every service — 8 days of
/// minutes and 22 of hours, as the rollups keep them — with 10 objectives per service on four
/// indicators. It prints the evaluator's full cycle and the incremental cycles after it, as the
/// evaluator reports them in its job runs (with the time spent reading), and the server's RSS.
struct SLOStoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slo-store",
        abstract: "Run the server's SLO evaluator against a store of 30 days of rollups; print its full and incremental cycles."
    )

    @Option(help: "Objectives (10 per service).") var objectives = 10_000
    @Option(help: "Incremental cycles to wait for after the full one (every 20 s).") var cycles = 3
    @Option(help: "PostgreSQL server to make a throwaway database on (postgres://…); SQLite when absent.") var databaseURL: String?
    @Option(help: "The sextant binary (default: next to this one).") var binary: String?

    var services: Int { max(1, objectives / 10) }

    func run() async throws {
        var database: ThrowawayDatabase?
        if let databaseURL { database = try await ThrowawayDatabase.create(next: databaseURL) }
        let server = try ServerUnderTest(binary: binary, databaseURL: database?.url, arguments: ["--schedule", "evaluate-slos=@every 20s"])
        defer {
            server.stop()
            try? FileManager.default.removeItem(atPath: server.directory)
        }
        do {
            try await server.waitUntilHealthy()
            let clock = ContinuousClock()
            let filling = clock.now
            let now = Int64(Date().timeIntervalSince1970)
            let sql = Self.rollups(services: services, now: now, postgres: database != nil)
            if let database {
                for statement in sql { try await database.execute(statement) }
            } else {
                try Self.sqlite(server.directory + "/sextant.db", sql)
            }
            print("store: \(database == nil ? "SQLite" : "PostgreSQL"), 30 days of rollups for \(services) services "
                  + "(\(services * (8 * 1_440 + 22 * 24)) rows) written in \(format((clock.now - filling).milliseconds / 1_000)) s")
            try await applyObjectives(port: server.port)
            let applied = Date()
            print("objectives: \(objectives), 10 per service on 4 indicators, 30-day windows")
            let runs = try await evaluations(port: server.port, after: applied, count: cycles + 1)
            for (index, run) in runs.enumerated() {
                print("\(index == 0 ? "full cycle" : "incremental"): \(run)")
            }
            for line in try await ruleGroups(port: server.port) { print(line) }
            print("server: peak RSS \(server.peakResidentBytes() >> 20) MiB")
        } catch {
            try? await database?.drop()
            throw error
        }
        try await database?.drop()
    }

    /// The rollup rows, written by the database itself: minutes for the last 8 days, hours before;
    /// 10 requests a second, an error every 10 minutes, a burst of 60 now and then.
    static func rollups(services: Int, now: Int64, postgres: Bool) -> [String] {
        let minuteTo = now - now % 60
        let minuteFrom = minuteTo - 8 * 86_400
        let hourFrom = minuteFrom - 22 * 86_400
        func statement(resolution: Int64, from: Int64, to: Int64) -> String {
            let scale = resolution / 60
            let ranges = postgres
                ? "FROM generate_series(0, \(services - 1)) AS s(s), generate_series(\(from), \(to - resolution), \(resolution)) AS b(b)"
                : "FROM s, b"
            let prefix = postgres ? "" : """
                WITH RECURSIVE s(s) AS (SELECT 0 UNION ALL SELECT s + 1 FROM s WHERE s < \(services - 1)),
                b(b) AS (SELECT \(from) UNION ALL SELECT b + \(resolution) FROM b WHERE b + \(resolution) < \(to))
                """
            let histogram = [Int64(0), 0, 0, 0, 0, 300, 200, 50, 30, 10, 5, 3, 1, 1, 0].map { "\($0 * scale)" }.joined(separator: ", ")
            return """
                \(prefix)
                INSERT INTO operation_rollups (service, operation, kind, resolution, bucket, requests, errors, server_errors, latency_sum,
                    l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14)
                SELECT 'service-' || s, 'GET /', 2, \(resolution), b, \(600 * scale),
                    CASE WHEN (b / 60 + s * 7) % 1000 = 0 THEN \(60 * scale) WHEN (b / 60 + s) % 10 = 0 THEN \(scale) ELSE 0 END,
                    CASE WHEN (b / 60 + s) % 20 = 0 THEN \(scale) ELSE 0 END, \(42.0 * Double(scale)), \(histogram)
                \(ranges)
                """
        }
        // The hourly series, as the fold keeps it (migration 17).
        let histogram = (0..<15).map { "l\($0)" }
        let hours = """
            INSERT INTO operation_hours (service, operation, kind, bucket, requests, errors, server_errors, latency_sum, \(histogram.joined(separator: ", ")))
            SELECT service, operation, kind, bucket - bucket % 3600, SUM(requests), SUM(errors), SUM(server_errors), SUM(latency_sum), \
            \(histogram.map { "SUM(\($0))" }.joined(separator: ", ")) FROM operation_rollups
            GROUP BY service, operation, kind, bucket - bucket % 3600
            """
        return [statement(resolution: 3_600, from: hourFrom, to: minuteFrom), statement(resolution: 60, from: minuteFrom, to: minuteTo + 60), hours]
    }

    /// Runs `statements` with the sqlite3 shell (Debian's `sqlite3`), waiting for the server's writer.
    static func sqlite(_ path: String, _ statements: [String]) throws {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [path]
        let input = Pipe()
        shell.standardInput = input
        try shell.run()
        let script = ".timeout 600000\nBEGIN;\n" + statements.map { $0 + ";\n" }.joined() + "COMMIT;\n"
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        shell.waitUntilExit()
        guard shell.terminationStatus == 0 else { throw ValidationError("sqlite3 failed writing the rollups") }
    }

    func applyObjectives(port: Int) async throws {
        let indicators = [
            #"{"availability": {"bad": "error"}}"#, #"{"availability": {"bad": "error"}}"#, #"{"availability": {"bad": "error"}}"#,
            #"{"availability": {"bad": "error"}}"#, #"{"availability": {"bad": "http5xx"}}"#, #"{"availability": {"bad": "http5xx"}}"#,
            #"{"latency": {"threshold": "300ms"}}"#, #"{"latency": {"threshold": "300ms"}}"#, #"{"latency": {"threshold": "1s"}}"#,
            #"{"latency": {"threshold": "1s"}}"#,
        ]
        let slos = (0..<objectives).map { index in
            #"{"service": "service-\#(index % services)", "name": "objective-\#(index)", "objective": \#([99, 99.5, 99.9, 99.95][(index / services) % 4]), "indicator": \#(indicators[(index / services) % indicators.count])}"#
        }
        var request = keyedRequest("http://127.0.0.1:\(port)/api/v1/slos")
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"slos": [\#(slos.joined(separator: ","))]}"#))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status.code < 300 else { throw ValidationError("the objectives were refused: \(body.prefix(500))") }
    }

    /// Each rule group's last evaluation time and alerts: the default `slo-conditions` group
    /// turns the objectives' firing conditions into alerts.
    func ruleGroups(port: Int) async throws -> [String] {
        let response = try await HTTPClient.shared.execute(keyedRequest("http://127.0.0.1:\(port)/api/v1/rules"), timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 256 << 20)
        let groups = (try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])?["groups"] as? [[String: Any]] ?? []
        return groups.map { group in
            let alerts = (group["rules"] as? [[String: Any]] ?? []).reduce(0) { $0 + (($1["alerts"] as? [Any])?.count ?? 0) }
            let seconds = group["evaluationTime"] as? Double ?? 0
            return "rule group \(group["name"] as? String ?? "?"): last evaluation \(format(seconds * 1_000)) ms, \(alerts) alerts"
        }
    }

    /// The messages of the first `count` evaluations that started after `applied`, waiting for them.
    func evaluations(port: Int, after applied: Date, count: Int) async throws -> [String] {
        let deadline = Date().addingTimeInterval(Double(count) * 20 + 900)
        let parser = ISO8601DateFormatter()
        while Date() < deadline {
            let response = try await HTTPClient.shared.execute(keyedRequest("http://127.0.0.1:\(port)/api/v1/jobs/evaluate-slos/runs?limit=50"),
                                                               timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 4 << 20)
            let runs = (try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])?["runs"] as? [[String: Any]] ?? []
            let finished = runs.filter { run in
                guard let started = (run["startedAt"] as? String).flatMap(parser.date(from:)), run["finishedAt"] is String else { return false }
                let outcome = run["outcome"] as? String
                // The first cycle over every objective may start before their answer arrives.
                return (run["message"] as? String)?.contains("of \(objectives) objectives") == true
                    || (started >= applied.addingTimeInterval(-1) && outcome != "succeeded" && outcome != "running")
            }.reversed()
            if finished.count >= count {
                return finished.prefix(count).map { "\($0["outcome"] as? String ?? "?"): \($0["message"] as? String ?? "")" }
            }
            try await Task.sleep(for: .seconds(1))
        }
        throw ValidationError("the evaluations did not finish in time")
    }
}
