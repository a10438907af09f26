#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import SextantCore
import SextantTestSupport

/// Every route, every field of every body it takes, and every query parameter, with generated
/// hostile values — huge, tiny, NaN and infinite numbers, overlong strings, deep nesting,
/// invalid UTF-8, pathological regular expressions and templates, huge label sets — sent to a
/// real server: none crashes it, none is answered 5xx, `/health` answers throughout, and its
/// memory stays under a stated bound. Bounded in time by the number of requests. Then one object
/// of every kind with the worst values the API accepts is stored beside what the fuzzing left,
/// and the server restarts on that data directory, starts, evaluates it and serves.
@Suite("Hostile input fuzzing")
struct HostileInputFuzzTests {
    /// The most resident memory the server may reach while being fuzzed.
    static let memoryBound = 1 << 30
    /// Requests sent in all: every case when there are fewer, else an even sample of them.
    static let budget = 9_000

    /// A route and a valid body for it; the fuzzer replaces one value at a time.
    struct Route {
        var method: HTTPMethod
        var path: String
        var body: Any?
        var query: [String] = []
        var contentType = "application/json"
    }

    static let future = "2099-01-01T00:00:00Z"
    static var routes: [Route] { [
        Route(method: .POST, path: "/api/v1/components", body: ["name": "svc-a", "owner": "team", "tier": 1, "labels": ["app": "a"],
                                                               "healthEndpoint": "http://127.0.0.1:9/health",
                                                               "dependencies": [["name": "db", "type": "database", "critical": true]]]),
        Route(method: .PUT, path: "/api/v1/components/svc-b", body: ["name": "svc-b", "owner": "team", "tier": 2, "version": "1.0"]),
        Route(method: .PUT, path: "/api/v1/catalog", body: ["components": [["name": "svc-c", "owner": "team", "tier": 3]]], query: ["prune", "dryRun"]),
        Route(method: .GET, path: "/api/v1/components", query: ["owner", "tier", "label", "limit", "cursor"]),
        Route(method: .GET, path: "/api/v1/components/svc-a/can-operate", query: ["failed", "observed", "propagation"]),
        Route(method: .GET, path: "/api/v1/graph", query: ["format", "observed", "includeStale"]),
        Route(method: .GET, path: "/api/v1/graph/impact", query: ["failed", "observed", "propagation", "maxDepth"]),
        Route(method: .POST, path: "/api/v1/slos", body: [
            "service": "svc-a", "name": "availability", "objective": 99.9, "window": "30d", "description": "d", "labels": ["team": "a"],
            "indicator": ["latency": ["threshold": "300ms", "operation": "GET /"]],
            "alerting": ["pendingFor": "5m", "budgetThresholds": [50, 25], "minimumEvents": 10],
        ]),
        Route(method: .PUT, path: "/api/v1/slos", body: ["slos": [["service": "svc-b", "name": "p", "objective": 99, "indicator": [
            "prometheus": ["bad": "sum(rate(errors[{{.window}}]))", "total": "sum(rate(requests[{{.window}}]))"],
        ]]]]),
        Route(method: .GET, path: "/api/v1/slos/svc-a-availability/history", query: ["from", "to", "step"]),
        Route(method: .GET, path: "/api/v1/slos/svc-a-availability/attribution", query: ["window"]),
        Route(method: .GET, path: "/api/v1/slos/svc-a-availability/status"),
        Route(method: .PUT, path: "/api/v1/rules/team", body: ["name": "team", "interval": "10s", "limit": 10, "rules": [[
            "alert": "Busy", "expr": "request_rate(service=\"svc-a\", window=\"5m\") > 0", "for": "1m", "keep_firing_for": "1m",
            "labels": ["severity": "page", "service": "{{ $labels.service }}"],
            "annotations": ["summary": "{{ $value | humanize }} {{ printf \"%.2f\" $value }}"],
        ]]]),
        Route(method: .POST, path: "/api/v1/silences", body: [
            "matchers": ["service=~\"api-.*\""], "startsAt": "2026-01-01T00:00:00Z", "endsAt": future, "createdBy": "me", "comment": "c",
        ]),
        Route(method: .GET, path: "/api/v1/alerts", query: ["state", "filter", "receiver"]),
        Route(method: .GET, path: "/api/v1/notifications", query: ["receiver", "groupKey", "alertname", "outcome", "since", "until", "limit"]),
        Route(method: .GET, path: "/api/v1/services/svc-a/red", query: ["window", "kinds"]),
        Route(method: .GET, path: "/api/v1/edges/red", query: ["client", "server", "window"]),
        Route(method: .GET, path: "/api/dependencies", query: ["endTs", "lookback", "service"]),
        Route(method: .GET, path: "/api/v1/jobs/evaluate-slos/runs", query: ["limit"]),
        Route(method: .POST, path: "/api/v2/alerts", body: [[
            "labels": ["alertname": "A", "service": "svc-a"], "annotations": ["summary": "s"], "startsAt": "2026-01-01T00:00:00Z",
            "endsAt": future, "generatorURL": "http://x/",
        ]]),
        Route(method: .POST, path: "/api/v2/silences", body: [
            "matchers": [["name": "service", "value": "svc-.*", "isRegex": true, "isEqual": true]],
            "startsAt": "2026-01-01T00:00:00Z", "endsAt": future, "createdBy": "me", "comment": "c",
        ]),
        Route(method: .GET, path: "/api/v2/alerts", query: ["filter", "receiver", "active", "silenced", "inhibited"]),
        Route(method: .GET, path: "/api/v2/alerts/groups", query: ["filter", "receiver"]),
        Route(method: .GET, path: "/api/v2/silences", query: ["filter"]),
        Route(method: .POST, path: "/api/v1/environments", body: ["name": "fuzz-b", "protected": true, "description": "made by the fuzzer"]),
        Route(method: .PUT, path: "/api/v1/configuration/app.settings?environment=fuzz", body: ["host": "db", "port": 5432, "tags": ["a", "b"],
                                                                                              "password": ["secretRef": "db/password"]]),
        Route(method: .GET, path: "/api/v1/configuration", query: ["environment", "prefix", "index", "wait", "limit", "resolve"]),
        Route(method: .GET, path: "/api/v1/configuration/app.settings", query: ["environment", "version", "resolve"]),
        Route(method: .POST, path: "/api/v1/configuration/app.settings/promote", body: ["from": "fuzz", "to": "fuzz-b", "version": 1]),
        Route(method: .PUT, path: "/api/v1/configuration-schemas/app", body: ["appliesTo": "app.*", "schema": [
            "type": "object", "required": ["host"], "properties": ["port": ["type": "integer", "minimum": 1, "maximum": 65535], "host": ["pattern": "^[a-z]+$"]],
        ]]),
        Route(method: .PUT, path: "/api/v1/secrets/fuzz/db/password", body: ["value": "s3cret"]),
        Route(method: .GET, path: "/api/v1/secrets/fuzz/db/password", query: ["reveal", "version"]),
        Route(method: .GET, path: "/api/v1/secrets/fuzz", query: ["prefix", "limit"]),
        Route(method: .PUT, path: "/api/v1/keyring", body: ["minimumDecryptionVersion": 1, "force": false]),
        Route(method: .POST, path: "/loki/api/v1/push", body: ["streams": [["stream": ["service": "fuzz"], "values": [["1796000000000000000", "{\"status\":\"error\"}"]]]]]),
        Route(method: .POST, path: "/v1/logs", body: ["resourceLogs": [["resource": ["attributes": [["key": "service.name", "value": ["stringValue": "fuzz"]]]],
                                                                        "scopeLogs": [["logRecords": [["timeUnixNano": "1796000000000000000", "severityText": "ERROR",
                                                                                                       "body": ["stringValue": "boom"], "traceId": "0af7651916cd43dd8448eb211c80319c"]]]]]]]),
        Route(method: .GET, path: "/loki/api/v1/query_range", query: ["query", "start", "end", "limit", "step", "direction"]),
        Route(method: .GET, path: "/loki/api/v1/query", query: ["query", "time", "limit"]),
        Route(method: .GET, path: "/loki/api/v1/labels", query: ["start", "end"]),
        Route(method: .GET, path: "/loki/api/v1/series", query: ["match[]", "start", "end"]),
        Route(method: .GET, path: "/api/traces", query: ["service", "operation", "tags", "start", "end", "minDuration", "maxDuration", "limit"]),
        Route(method: .GET, path: "/api/search", query: ["q", "start", "end", "limit", "minDuration"]),
        Route(method: .GET, path: "/api/v2/search/tag/service.name/values"),
        Route(method: .GET, path: "/api/v1/services/fuzz/traces", query: ["status", "limit"]),
    ] }

    /// Values of every JSON type that have broken parsers and arithmetic somewhere.
    static var hostileValues: [Any] { [
        0, -1, Int64.max, Int64.min, 1e308, -1e308, Double.leastNonzeroMagnitude, 1e300, 1e20, 9_007_199_254_740_993, 0.5,
        "", " ", "NaN", "Infinity", "-inf", "1e300", "99999999999999999999h", "1e300s", "-5m", "0s", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
        "99999-01-01T00:00:00Z", "{{ 1e20 }}", "{{ printf \"%*d\" 5 }}", "{{ printf \"%999999999d\" 1 }}", "{{ range . }}{{ range . }}{{ . }}{{ end }}{{ end }}",
        "{{ if 1 }}", "{{ .Foo.Bar.Baz }}", "{{ $value | humanizeDuration }}", "(a+)+$", "(a|a)*b", "((((((((((a*)*)*)*)*)*)*)*)*)*)*",
        "[[:alpha:]", "\\", "a{1001}", "(?P<n>", "😀", "\u{0}", "a\nb", "../../etc/passwd", "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/", "javascript:alert(1)", "service=~\"(a+)+$\"", "=~", "a!~b", String(repeating: "x", count: 70_000),
        String(repeating: "é", count: 5_000), true, false, NSNull(), [Any](), [String: Any](), [1, "a", NSNull()],
        Dictionary(uniqueKeysWithValues: (0..<2_000).map { ("l\($0)", "v") }),
        Array(repeating: "x", count: 5_000),
    ] }

    /// Whole bodies no route should take.
    static let hostileBodies: [[UInt8]] = [
        [], Array("{".utf8), Array("[".utf8), Array(String(repeating: "[", count: 100_000).utf8),
        Array((String(repeating: "{\"a\":", count: 20_000) + "1" + String(repeating: "}", count: 20_000)).utf8),
        [0xFF, 0xFE, 0x00, 0x7B], Array("{\"a\":\"\u{1}\"}".utf8) + [0xC0, 0x80], Array(#"{"name":"a","name":"b"}"#.utf8),
        Array(#"{"components":[],}"#.utf8), Array("null".utf8), Array("1e400".utf8), Array(#""\ud800""#.utf8),
        Array("a: &a [1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d]\n".utf8),
        Array(("components:\n" + String(repeating: "  - ", count: 1) + String(repeating: "[", count: 5_000)).utf8),
        Array(repeating: 0x41, count: 3_000_000),
    ]

    static let hostileQueryValues = [
        "", "1e300", "-1e300", "NaN", "inf", "99999999999999999999", "-1", "0", "9223372036854775808", "99999999999999999999h",
        "(a+)+$", "{a=~\"(a+)+$\"}", "a=~\"[\"", "%00", "%FF%FE", "%ED%A0%80", "..", String(repeating: "z", count: 4_000), "true,false",
        "9999-12-31T23:59:59Z", "10000-01-01T00:00:00Z", "1m", "1ms", "500d",
    ]

    @Test func noHostileValueCrashesStallsOrErrorsTheServer() async throws {
        let directory = try temporaryDirectory()
        let configuration = directory + "/alerting.yaml"
        try """
            route:
              receiver: hook
              group_by: [alertname]
              routes:
              - matchers: ['service=~"svc-.*|api-(a|b)+"']
                receiver: hook
            receivers:
            - name: hook
              webhook_configs:
              - url: http://127.0.0.1:9/hook
            inhibit_rules:
            - source_matchers: ['severity="page"']
              target_matchers: ['severity=~"warn.*"']
              equal: [service]
            """.write(toFile: configuration, atomically: true, encoding: .utf8)
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--alerting-config", configuration,
                                         "--schedule", "evaluate-slos=@every 2s"])
        let base = "http://127.0.0.1:\(try await server.port())"
        let http = HTTPClient.shared
        let pid = server.pid
        // The environment the configuration and secret routes act in, and a secret its values reference.
        _ = try await Self.send(http, base, Case(method: .POST, path: "/api/v1/environments", body: Array(#"{"name": "fuzz"}"#.utf8), summary: "setup"))
        _ = try await Self.send(http, base, Case(method: .PUT, path: "/api/v1/secrets/fuzz/db/password", body: Array(#"{"value": "x"}"#.utf8), summary: "setup"))

        var cases = Self.fixedCases()
        if cases.count > Self.budget {
            let stride = Double(cases.count) / Double(Self.budget)
            cases = (0..<Self.budget).map { cases[Int(Double($0) * stride)] }
        }

        var failures: [String] = []
        for (index, testCase) in cases.enumerated() {
            let status: Int
            do {
                status = try await Self.send(http, base, testCase)
            } catch {
                failures.append("\(testCase.summary): no answer (\(error))")
                guard server.isRunning else { break }
                continue
            }
            if status >= 500 { failures.append("\(testCase.summary): \(status)") }
            if index % 50 == 0 {
                let health = try? await Self.send(http, base, Case(method: .GET, path: "/health", body: nil, summary: "health"))
                if health != 200 { failures.append("after \(testCase.summary): /health answered \(health.map(String.init) ?? "nothing")") }
            }
            guard server.isRunning else {
                failures.append("the server died after \(testCase.summary): \(server.errorOutput.suffix(2_000))")
                break
            }
        }
        let peak = Self.peakResident(pid: pid)
        #expect(server.isRunning, "the server died")
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(40).joined(separator: "\n"))")
        #expect(peak < Self.memoryBound, "peak RSS \(peak / 1_048_576) MiB")
        print("fuzzing: \(cases.count) hostile requests, \(failures.count) failures, peak RSS \(peak / 1_048_576) MiB")

        // Every kind of object with the worst values the API accepts, stored beside whatever the
        // fuzzing left; then the server restarts on that data and serves.
        for testCase in Self.worstAccepted() {
            var request = keyedRequest(base + testCase.path)
            request.method = testCase.method
            request.headers.add(name: "Content-Type", value: testCase.contentType)
            request.body = .bytes(ByteBuffer(bytes: testCase.body ?? []))
            let response = try await http.execute(request, timeout: .seconds(30))
            let answer = String(buffer: try await response.body.collect(upTo: 64 << 20))
            #expect((200..<300).contains(Int(response.status.code)), "\(testCase.summary): \(response.status) \(answer.prefix(500))")
        }
        try await Task.sleep(for: .seconds(3))  // two evaluations of the stored rules and objectives
        #expect(server.isRunning, "the server died evaluating what was stored: \(server.errorOutput.suffix(2_000))")
        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)
        let restarted = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--alerting-config", configuration,
                                            "--schedule", "evaluate-slos=@every 2s"])
        let again = "http://127.0.0.1:\(try await restarted.port())"
        var ready = 0
        for _ in 0..<200 where ready != 200 {
            ready = try await Self.send(http, again, Case(method: .GET, path: "/ready", body: nil, summary: "ready"))
            if ready != 200 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(ready == 200)
        try await Task.sleep(for: .seconds(3))
        for path in ["/api/v1/components", "/api/v1/catalog", "/api/v1/graph", "/api/v1/slos", "/api/v1/slos/\(String(repeating: "w", count: 63))-availability/status",
                     "/api/v1/rules", "/api/v1/alerts", "/api/v1/silences", "/api/v1/notifications", "/api/v2/alerts", "/api/v2/alerts/groups",
                     "/api/v2/silences", "/api/v1/jobs", "/metrics", "/health"] {
            let status = try await Self.send(http, again, Case(method: .GET, path: path, body: nil, summary: path))
            #expect(status == 200, "\(path) after the restart: \(status)")
        }
        // The stored rules are evaluated again: healthy, their trapping templates rendered.
        let group = try JSONSerialization.jsonObject(with: Data(try await httpGet(again + "/api/v1/rules/worst").body.utf8)) as? [String: Any]
        let rules = group?["rules"] as? [[String: Any]] ?? []
        #expect(rules.count == 40 && rules.allSatisfy { $0["health"] as? String == "ok" }, "\(rules.first ?? [:])")
        let rendered = rules.flatMap { $0["alerts"] as? [[String: Any]] ?? [] }.compactMap { ($0["annotations"] as? [String: String])?["a0"] }
        #expect(!rendered.isEmpty && rendered.allSatisfy { $0.hasPrefix("100000000000000000000 ") }, "\(rendered.first ?? "none")")
        #expect(restarted.isRunning, "the restarted server died: \(restarted.errorOutput.suffix(2_000))")
        restarted.signal(SIGTERM)
        #expect(try await restarted.exitStatus() == 0)
    }

    /// One object of every kind at the limits the API accepts: the longest names, values and
    /// descriptions, the most labels, matchers and rules, costly but valid regular expressions
    /// and templates that once trapped.
    static func worstAccepted() -> [Case] {
        func json(_ value: Any) -> [UInt8] { Array((try? JSONSerialization.data(withJSONObject: value)) ?? Data()) }
        let longValue = String(repeating: "v", count: Limits.labelValueBytes)
        let labels = Dictionary(uniqueKeysWithValues: (0..<Limits.labelsPerSet - 2).map { ("l\($0)_" + String(repeating: "n", count: 200), longValue) })
        // The most annotations, two of the longest, and templates that once trapped.
        let annotations = Dictionary(uniqueKeysWithValues: (0..<Limits.annotationsPerSet).map {
            ("a\($0)", $0 == 0 ? "{{ 1e20 }} {{ $value | humanizeDuration }} {{ printf \"%999d\" 1 }} {{ 1e300 | humanizeDuration }}"
                : String(repeating: "é", count: $0 < 3 ? Limits.annotationValueBytes / 2 : 8))
        })
        let worstName = String(repeating: "w", count: 63)
        let component: [String: Any] = [
            "name": worstName, "owner": String(repeating: "o", count: 128), "version": String(repeating: "1", count: 128), "tier": 4,
            "labels": Dictionary(uniqueKeysWithValues: (0..<64).map { ("k\($0)", String(repeating: "x", count: 256)) }),
            "dependencies": (0..<512).map { ["name": "dep-\($0)", "type": "internalService", "critical": $0 % 2 == 0] },
        ]
        let slo: [String: Any] = [
            "service": worstName, "name": "availability", "objective": 99.999, "window": "30d",
            "description": String(repeating: "d", count: Limits.descriptionBytes), "labels": ["team": longValue],
            "indicator": ["latency": ["threshold": "300ms", "operation": String(repeating: "o", count: 1_024)]],
            "alerting": ["pendingFor": "36500d", "budgetThresholds": Array(stride(from: 90, through: 10, by: -10)) + [5], "minimumEvents": 1],
        ]
        // Firing at once (annotations rendered on every evaluation) or pending for a century.
        let rules = (0..<40).map { index -> [String: Any] in
            ["alert": "Worst\(index)", "expr": "request_rate(service=\"worst-traffic\", window=\"5m\") > 0", "for": index % 2 == 0 ? "0s" : "36500d",
             "keep_firing_for": "36500d", "labels": ["service": "{{ $labels.service }}"], "annotations": annotations]
        }
        let matchers = (0..<Limits.matchersPerSilence).map { "l\($0)=~\"((a+)+|(a|a)*b|[[:alpha:]]{1,1000})$\"" }
        let alerts = (0..<4).map { index -> [String: Any] in
            var set = labels
            set["alertname"] = "Worst\(index)"
            return ["labels": set, "annotations": annotations, "startsAt": "0001-01-01T00:00:00Z", "endsAt": "9999-12-31T23:59:59Z",
                    "generatorURL": "http://x/" + String(repeating: "p", count: Limits.urlBytes - 9)]
        }
        return [
            Case(method: .PUT, path: "/api/v1/components/\(worstName)", body: json(component), summary: "the largest component"),
            Case(method: .POST, path: "/api/v1/slos", body: json(slo), summary: "the largest objective"),
            Case(method: .POST, path: "/v1/traces", body: Array(Self.oneRequest(service: "worst-traffic").utf8), summary: "traffic"),
            Case(method: .PUT, path: "/api/v1/rules/worst", body: json(["name": "worst", "interval": "1s", "rules": rules]), summary: "40 rules"),
            Case(method: .POST, path: "/api/v1/silences", body: json([
                "matchers": matchers, "endsAt": future, "createdBy": String(repeating: "c", count: Limits.authorBytes),
                "comment": String(repeating: "c", count: Limits.commentBytes),
            ]), summary: "the largest silence"),
            Case(method: .POST, path: "/api/v2/alerts", body: json(alerts), summary: "4 of the largest alerts"),
        ]
    }

    /// One OTLP/JSON server span of `service`, ending now.
    static func oneRequest(service: String) -> String {
        let now = UInt64(Date().timeIntervalSince1970 * 1e9)
        return #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"\#(service)"}}]},"#
            + #""scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"GET /","kind":2,"#
            + #""startTimeUnixNano":"\#(now - 1_000_000)","endTimeUnixNano":"\#(now)"}]}]}]}"#
    }

    struct Case {
        var method: HTTPMethod
        var path: String
        var body: [UInt8]?
        var contentType = "application/json"
        var summary: String
    }

    /// Every route with its valid body; every raw hostile body (as JSON and as YAML); every
    /// field of every body with every hostile value (every fifth as YAML); every query
    /// parameter with every hostile text.
    static func fixedCases() -> [Case] {
        var cases: [Case] = []
        var counter = 0
        for route in routes {
            let body = route.body.map { try? JSONSerialization.data(withJSONObject: $0) }.flatMap { $0.map(Array.init) }
            cases.append(Case(method: route.method, path: route.path, body: body, summary: "\(route.method) \(route.path) valid"))
            for parameter in route.query {
                for value in hostileQueryValues {
                    let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "%"))) ?? value
                    cases.append(Case(method: route.method, path: "\(route.path)?\(parameter)=\(encoded)", body: nil,
                                      summary: "\(route.method) \(route.path)?\(parameter)=\(value.prefix(40))"))
                }
            }
            guard let template = route.body else { continue }
            for (index, hostile) in hostileBodies.enumerated() {
                for contentType in ["application/json", "application/yaml"] {
                    cases.append(Case(method: route.method, path: route.path, body: hostile, contentType: contentType,
                                      summary: "\(route.method) \(route.path) raw body \(index) as \(contentType)"))
                }
            }
            for path in fieldPaths(template) {
                for value in hostileValues {
                    counter += 1
                    let mutated = replacing(template, at: path, with: value)
                    let data = (try? JSONSerialization.data(withJSONObject: mutated, options: [.fragmentsAllowed])).map(Array.init)
                    cases.append(Case(method: route.method, path: route.path, body: data, contentType: counter % 5 == 0 ? "application/yaml" : "application/json",
                                      summary: "\(route.method) \(route.path) \(path.map(String.init(describing:)).joined(separator: ".")) = \(String(describing: value).prefix(40))"))
                }
            }
        }
        return cases
    }

    /// The paths of every value in a JSON document (object keys and array indices).
    static func fieldPaths(_ value: Any, prefix: [AnyHashable] = []) -> [[AnyHashable]] {
        var paths: [[AnyHashable]] = prefix.isEmpty ? [] : [prefix]
        if let object = value as? [String: Any] {
            for (key, child) in object { paths += fieldPaths(child, prefix: prefix + [key]) }
        } else if let array = value as? [Any] {
            for (index, child) in array.enumerated() { paths += fieldPaths(child, prefix: prefix + [index]) }
        }
        return paths.isEmpty ? [[]] : paths
    }

    static func replacing(_ value: Any, at path: [AnyHashable], with replacement: Any) -> Any {
        guard let first = path.first else { return replacement }
        let rest = Array(path.dropFirst())
        if var object = value as? [String: Any], let key = first as? String {
            object[key] = replacing(object[key] as Any, at: rest, with: replacement)
            return object
        }
        if var array = value as? [Any], let index = first as? Int, array.indices.contains(index) {
            array[index] = replacing(array[index], at: rest, with: replacement)
            return array
        }
        return replacement
    }

    static func send(_ http: HTTPClient, _ base: String, _ testCase: Case) async throws -> Int {
        var request = keyedRequest(base + testCase.path)
        request.method = testCase.method
        if let body = testCase.body {
            request.headers.add(name: "Content-Type", value: testCase.contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await http.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 64 << 20)
        return Int(response.status.code)
    }

    static func peakResident(pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
        }
        return 0
    }
}
