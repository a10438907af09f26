import Foundation
import SextantCore
import SextantTestSupport
import Testing

/// Stored spans and log lines age out by whole buckets, and the database does not keep growing
/// across fill-and-expire cycles; hostile log pushes and queries are refused whole, with the
/// problem named, and store nothing.
@Suite("Telemetry retention and bad input")
struct TelemetryRetentionTests {
    static func traces(_ count: Int, cycle: Int) -> [String: Any] {
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        let spans: [[String: Any]] = (0..<count).map { index in
            ["traceId": String(format: "%016x%016x", cycle + 1, index + 1), "spanId": String(format: "%016x", index + 1), "name": "GET /retained",
             "kind": 2, "startTimeUnixNano": String(now), "endTimeUnixNano": String(now + 1_000_000),
             "attributes": [["key": "payload", "value": ["stringValue": String(repeating: "s", count: 512)]]]]
        }
        return ["resourceSpans": [["resource": ["attributes": [["key": "service.name", "value": ["stringValue": "retained"]]]],
                                   "scopeSpans": [["spans": spans]]]]]
    }

    static func push(_ lines: [(nanos: Int64, line: String)], labels: [String: String] = ["service": "retained"]) -> [String: Any] {
        ["streams": [["stream": labels, "values": lines.map { [String($0.nanos), $0.line] }]]]
    }

    static func storedLines(_ url: String, _ selector: String) async throws -> Int {
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        var components = URLComponents(string: url + "/loki/api/v1/query_range")!
        components.queryItems = [.init(name: "query", value: selector), .init(name: "limit", value: "5000"),
                                 .init(name: "start", value: String(now - 600_000_000_000)), .init(name: "end", value: String(now + 60_000_000_000))]
        let body = TracesAndLogsTests.json(try await httpGet(components.url!.absoluteString).body)
        return ((body["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []).reduce(0) { $0 + (($1["values"] as? [Any])?.count ?? 0) }
    }

    /// The spans the sampler has stored since the server started (`sextant_trace_spans_kept_total`).
    static func keptSpans(_ url: String) async throws -> Int {
        let metrics = try await httpGet("\(url)/metrics").body
        let sample = metrics.split(separator: "\n").first { $0.hasPrefix("sextant_trace_spans_kept_total ") }
        return sample.flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) } ?? 0
    }

    static func databaseBytes(_ directory: String) -> Int {
        ["sextant.db", "sextant.db-wal"].reduce(0) { total, name in
            total + ((try? FileManager.default.attributesOfItem(atPath: "\(directory)/\(name)")[.size] as? Int) ?? 0)
        }
    }

    @Test func oldSpansAndLinesAreDroppedAndTheDatabaseStopsGrowing() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--trace-retention", "10s", "--log-retention", "10s",
                                         "--trace-sample-rate", "1", "--trace-sampling-wait", "200ms"])
        let url = "http://127.0.0.1:\(try await server.port())"
        var sizes: [Int] = []
        for cycle in 0..<4 {
            let now = Int64(Date().timeIntervalSince1970 * 1e9)
            let lines = (0..<2_000).map { (nanos: now + Int64($0), line: "cycle=\(cycle) n=\($0) " + String(repeating: "x", count: 200)) }
            #expect(try await sendJSON(.POST, "\(url)/loki/api/v1/push", Self.push(lines)).status == 204)
            // Each is seen stored before it ages out: the lines at once (a push is committed
            // before its 204, and ten seconds of retention are far off), the spans by the
            // sampler's count of spans it stored, which does not age out with them.
            #expect(try await Self.storedLines(url, #"{service="retained"}"#) == 2_000)
            #expect(try await sendJSON(.POST, "\(url)/v1/traces", Self.traces(200, cycle: cycle)).status == 200)
            let traceID = String(format: "%016x%016x", cycle + 1, 1)
            try await awaitReadiness(of: "cycle \(cycle)'s spans stored", within: .seconds(60)) {
                ((try? await Self.keptSpans(url)) ?? 0) >= 200 * (cycle + 1)
            }
            try await awaitReadiness(of: "cycle \(cycle)'s spans and lines to age out", within: .seconds(60)) {
                let stored = (try? await Self.storedLines(url, #"{service="retained"}"#)) ?? -1
                let trace = (try? await httpGet("\(url)/api/traces/\(traceID)"))?.status
                return stored == 0 && trace == 404
            }
            sizes.append(Self.databaseBytes(directory))
        }
        print("retention: database and WAL bytes after each fill-and-expire cycle: \(sizes)")
        // The WAL grows to its high-water mark over the first cycles; after that, freed buckets are reused.
        #expect(sizes[3] <= sizes[2] + sizes[2] / 10, "\(sizes)")
    }

    @Test func hostileLogPushesAndQueriesAreRefusedWholeWithTheProblemNamed() async throws {
        let directory = try temporaryDirectory()
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory])
        let url = "http://127.0.0.1:\(try await server.port())"
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        func refused(_ body: [String: Any], _ words: String) async throws {
            let answer = try await sendJSON(.POST, "\(url)/loki/api/v1/push", body)
            let error = TracesAndLogsTests.json(answer.body)["error"] as? [String: Any]
            #expect(answer.status == 400 && (error?["message"] as? String)?.contains(words) == true, "\(answer.body.prefix(300))")
        }
        // One bad entry among good ones: nothing of the request is stored.
        try await refused(Self.push([(now, "good"), (now + 1, String(repeating: "x", count: 300_000))]), "longer than 262144 bytes")
        try await refused(Self.push([(now, "good"), (now - 30 * 86_400_000_000_000, "old")]), "outside the retention")
        try await refused(Self.push([(now, "good")], labels: Dictionary(uniqueKeysWithValues: (0..<1_000).map { ("l\($0)", "v") })), "at most 15")
        try await refused(Self.push([(now, "good")], labels: ["bad-name": "v"]), "is not a label name")
        try await refused(["streams": [["stream": ["service": "a"], "values": [["yesterday", "line"]]]]], "nanoseconds since 1970")
        #expect(try await Self.storedLines(url, #"{service="retained"}"#) == 0)
        // Queries: a parse error names its column; a TraceQL outside the subset, a ten-year range and a billion lines.
        let parse = try await httpGet("\(url)/loki/api/v1/query_range?query=%7Bservice%3D%22a%22%7D%20%7C%20json%20%7C%7C")
        #expect(parse.status == 400 && parse.body.contains("parse error at line 1, col"), "\(parse.body)")
        let traceQL = try await httpGet("\(url)/api/search?q=%7B%20.a%20%3D%201%20%7D%20%7C%20count()%20%3E%202")
        #expect(traceQL.status == 400 && traceQL.body.contains("col"), "\(traceQL.body)")
        let decade = try await httpGet("\(url)/loki/api/v1/query_range?query=%7Bservice%3D%22a%22%7D&start=\(now - 10 * 365 * 86_400_000_000_000)&end=\(now)")
        #expect(decade.status == 400 && decade.body.contains("721h"), "\(decade.body)")
        let billion = try await httpGet("\(url)/loki/api/v1/query_range?query=%7Bservice%3D%22a%22%7D&limit=1000000000")
        #expect(billion.status == 200 && billion.body.contains("clamped to 5000"), "\(billion.body)")
        let jaeger = try await httpGet("\(url)/api/traces?service=a&limit=1000000000&start=0&end=\(now / 1_000)")
        #expect(jaeger.status == 200 && TracesAndLogsTests.json(jaeger.body)["limit"] as? Int == 1_500, "\(jaeger.body)")
    }
}
