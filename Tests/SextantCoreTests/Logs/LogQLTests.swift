import Foundation
import Testing

@testable import SextantCore

/// LogQL as tables: queries parsed (or refused at a column), pipelines run over lines, and metric
/// queries evaluated over lines whose counts the tables state.
@Suite("LogQL")
struct LogQLTests {
    static func matcher(_ name: String, _ kind: LabelMatcher.Kind, _ value: String) -> LabelMatcher {
        try! LabelMatcher(name: name, kind: kind, value: value)
    }

    @Test func queriesParseIntoTheirParts() throws {
        let table: [(String, LogQLExpression)] = [
            (#"{service="mime-server"} | json | status="error""#,
             .logs(LogQuery(selector: [Self.matcher("service", .equal, "mime-server")],
                            pipeline: [.json([]), .labelFilter(.matcher(Self.matcher("status", .equal, "error")))]))),
            (#"{app=~"api|web", env!="dev"} |= "timeout" != "debug" |~ `5\d\d` | logfmt | duration > 1.5s and code >= 500"#,
             .logs(LogQuery(selector: [Self.matcher("app", .regex, "api|web"), Self.matcher("env", .notEqual, "dev")], pipeline: [
                .lineFilter(try LineFilter(kind: .contains, text: "timeout")), .lineFilter(try LineFilter(kind: .notContains, text: "debug")),
                .lineFilter(try LineFilter(kind: .matches, text: #"5\d\d"#)), .logfmt,
                .labelFilter(.and(.duration("duration", .greater, 1.5), .number("code", .greaterOrEqual, 500))),
             ]))),
            (#"sum by (service) (count_over_time({service=~".+"} | json | status="error" [1h]))"#,
             .metric(.aggregate(.sum, .by(["service"]), .range(.countOverTime, LogQuery(selector: [Self.matcher("service", .regex, ".+")], pipeline: [
                .json([]), .labelFilter(.matcher(Self.matcher("status", .equal, "error"))),
             ]), rangeSeconds: 3_600)))),
            ("vector(1)+vector(1)", .metric(.binary(.add, .vector(1), .vector(1), returnsBool: false))),
            ("1 + 2 * 3 ^ 2 ^ 2", .metric(.binary(.add, .number(1), .binary(.multiply, .number(2), .binary(.power, .number(3), .binary(.power, .number(2), .number(2), returnsBool: false), returnsBool: false), returnsBool: false), returnsBool: false))),
            (#"rate({job="a"}[5m]) > bool 0.5"#, .metric(.binary(.greater, .range(.rate, LogQuery(selector: [Self.matcher("job", .equal, "a")]), rangeSeconds: 300), .number(0.5), returnsBool: true))),
            (#"max without (pod) (bytes_over_time({job="a"}[1m]))"#, .metric(.aggregate(.max, .without(["pod"]), .range(.bytesOverTime, LogQuery(selector: [Self.matcher("job", .equal, "a")]), rangeSeconds: 60)))),
            (#"count(rate({job="a"}[30s])) by (job)"#, .metric(.aggregate(.count, .by(["job"]), .range(.rate, LogQuery(selector: [Self.matcher("job", .equal, "a")]), rangeSeconds: 30)))),
            (#"{job="a"} | json ua="request.headers[\"User-Agent\"]", first="servers[0]""#,
             .logs(LogQuery(selector: [Self.matcher("job", .equal, "a")], pipeline: [.json([("ua", ["request", "headers", "User-Agent"]), ("first", ["servers", "0"])])]))),
        ]
        for (text, expected) in table {
            let parsed = try LogQL.parse(text)
            #expect(parsed.expression == expected, "\(text)")
            #expect(parsed.warnings.isEmpty, "\(text)")
        }
        #expect(try LogQL.parse("{}").warnings.count == 1)
        #expect(try LogQL.parse(#"{app=~".*"}"#).warnings.count == 1)
    }

    @Test func queriesThatDoNotParseNameTheColumn() {
        let table: [(String, String)] = [
            (#"{service="a""#, "col 13"),
            (#"{service="a"} | "#, "col 17"),
            (#"count_over_time({a="b"})"#, "col 24"),
            (#"sum(count_over_time({a="b"}[5m])) + {a="b"}"#, "col 37"),
            (#"{a="b"} + 1"#, "col 9"),
            (#"topk(3, rate({a="b"}[1m]))"#, "col 1"),
            (#"{a="b"} |~ "(unclosed""#, "col 1"),
            (#"{a="b"} | x > "y""#, "col 13"),
            (#"{a="b} "#, "col 4"),
            (#"rate({a="b"}[five])"#, "col 14"),
        ]
        for (text, column) in table {
            do {
                _ = try LogQL.parse(text)
                Issue.record("parsed \(text)")
            } catch let error as ValidationError {
                #expect(error.message.hasPrefix("parse error at line 1, ") && error.field == "query", "\(text): \(error.message)")
                if column != "col 1" { #expect(error.message.contains(column), "\(text): \(error.message)") }
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    /// Deep nesting is refused, not recursed into until the stack runs out (a fuzzer's finding:
    /// 1,978 bytes of `(` overflowed the stack; 16 KiB would on any thread).
    @Test func nestingIsBounded() throws {
        _ = try LogQL.parse(String(repeating: "(", count: 60) + "1" + String(repeating: ")", count: 60))
        for text in [String(repeating: "(", count: 16_000), String(repeating: "- ", count: 5_000) + "1",
                     String(repeating: "(", count: 65) + "1" + String(repeating: ")", count: 65), Array(repeating: "2", count: 100).joined(separator: "^")] {
            #expect(throws: ValidationError.self) { try LogQL.parse(text) }
            do {
                _ = try LogQL.parse(text)
            } catch let error as ValidationError {
                #expect(error.message.contains("nests more than 64 levels"), "\(error.message)")
            }
        }
    }

    @Test func pipelinesKeepDropAndLabelLines() throws {
        func stages(_ text: String) throws -> [LogStage] {
            guard case .logs(let query) = try LogQL.parse(text).expression else { return [] }
            return query.pipeline
        }
        let stream: LabelSet = ["service": "api", "status": "stream"]
        let table: [(query: String, line: String, labels: LabelSet?)] = [
            (#"{a="b"} |= "error""#, "an error here", stream),
            (#"{a="b"} |= "error""#, "all fine", nil),
            (#"{a="b"} != "error""#, "all fine", stream),
            (#"{a="b"} |~ "code=5[0-9]{2}""#, "code=503 taken", stream),
            (#"{a="b"} | json"#, #"{"level": "warn", "request": {"method": "GET", "path": "/x"}, "ids": [1], "ok": true, "n": 2.5}"#,
             stream.merging(["level": "warn", "request_method": "GET", "request_path": "/x", "ok": "true", "n": "2.5"]) { $1 }),
            (#"{a="b"} | json"#, #"{"status": "error"}"#, stream.merging(["status_extracted": "error"]) { $1 }),
            (#"{a="b"} | json"#, "not json", stream.merging(["__error__": "JSONParserErr"]) { $1 }),
            (#"{a="b"} | json m="request.method""#, #"{"request": {"method": "POST"}, "level": "x"}"#, stream.merging(["m": "POST"]) { $1 }),
            (#"{a="b"} | logfmt"#, #"level=info msg="took \"long\"" took=1.5s bare"#,
             stream.merging(["level": "info", "msg": #"took "long""#, "took": "1.5s", "bare": ""]) { $1 }),
            (#"{a="b"} | logfmt | took > 1s"#, "took=1.5s", stream.merging(["took": "1.5s"]) { $1 }),
            (#"{a="b"} | logfmt | took > 2s"#, "took=1.5s", nil),
            (#"{a="b"} | logfmt | code >= 500 or level="error""#, "code=404 level=error", stream.merging(["code": "404", "level": "error"]) { $1 }),
            (#"{a="b"} | logfmt | code >= 500, level="error""#, "code=404 level=error", nil),
            (#"{a="b"} | logfmt | code >= 500"#, "code=oops", stream.merging(["code": "oops", "__error__": "LabelFilterErr"]) { $1 }),
        ]
        for row in table {
            #expect(LogPipeline.run(try stages(row.query), line: row.line, labels: stream) == row.labels, "\(row.query) on \(row.line)")
        }
    }

    @Test func metricQueriesCountWhatTheTablesSay() throws {
        let t0: Int64 = 1_800_000_000_000_000_000
        func at(_ seconds: Int64) -> Int64 { t0 + seconds * 1_000_000_000 }
        let entries: [LogEntry] = [
            LogEntry(labels: ["service": "mime-server"], timestampNanos: at(-10), line: #"{"status": "error", "took": 10}"#),
            LogEntry(labels: ["service": "mime-server"], timestampNanos: at(-20), line: #"{"status": "ok"}"#),
            LogEntry(labels: ["service": "mime-server"], timestampNanos: at(-4_000), line: #"{"status": "error"}"#),   // older than 1h
            LogEntry(labels: ["service": "api"], timestampNanos: at(-30), line: #"{"status": "error"}"#),
            LogEntry(labels: ["service": "api"], timestampNanos: at(-40), line: #"{"status": "error"}"#),
            LogEntry(labels: ["service": "api"], timestampNanos: at(0), line: #"{"status": "error"}"#),      // at t: inside (t − r, t]
            LogEntry(labels: ["service": "api"], timestampNanos: at(1), line: #"{"status": "error"}"#),      // after t: outside
        ]
        func evaluate(_ text: String) throws -> LogMetricEvaluation.Value {
            guard case .metric(let metric) = try LogQL.parse(text).expression else { return .scalar(.nan) }
            return LogMetricEvaluation.evaluate(metric, at: t0, entries: entries)
        }
        typealias S = LogMetricEvaluation.Sample
        let table: [(String, LogMetricEvaluation.Value)] = [
            ("vector(1)+vector(1)", .vector([S(labels: [:], value: 2)])),
            ("1 + 2 * 3", .scalar(7)),
            (#"sum by (service) (count_over_time({service=~".+"} | json | status="error" [1h]))"#,
             .vector([S(labels: ["service": "api"], value: 3), S(labels: ["service": "mime-server"], value: 1)])),
            (#"count_over_time({service="mime-server"} [1h])"#, .vector([S(labels: ["service": "mime-server"], value: 2)])),
            (#"sum(rate({service="api"} [1m]))"#, .vector([S(labels: [:], value: 3.0 / 60)])),
            (#"sum(count_over_time({service=~".+"} |= "error" [1h])) > 3"#, .vector([S(labels: [:], value: 4)])),
            (#"sum(count_over_time({service=~".+"} |= "error" [1h])) > 4"#, .vector([])),
            (#"sum(count_over_time({service=~".+"} |= "error" [1h])) > bool 4"#, .vector([S(labels: [:], value: 0)])),
            (#"sum by (service) (count_over_time({service=~".+"}[1h])) / sum by (service) (count_over_time({service=~".+"} |= "error" [1h]))"#,
             .vector([S(labels: ["service": "api"], value: 1), S(labels: ["service": "mime-server"], value: 2)])),
            (#"max(bytes_over_time({service="mime-server"}[1h]))"#, .vector([S(labels: [:], value: Double(#"{"status": "error", "took": 10}"#.utf8.count + #"{"status": "ok"}"#.utf8.count))])),
        ]
        for (text, expected) in table {
            #expect(try evaluate(text) == expected, "\(text)")
        }
    }
}
