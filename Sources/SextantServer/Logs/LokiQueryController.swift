import Foundation
import Hummingbird
import SextantCore
import SextantStorage

/// Loki's query API, as Grafana's Loki data source calls it: `/loki/api/v1/query_range`,
/// `/query`, `/labels`, `/label/{name}/values`, `/series`. Bounds (Loki's defaults): a range of at
/// most 721 hours, at most 11,000 steps, at most 5,000 lines per answer (a larger `limit` is
/// clamped and the answer's `warnings` say so).
struct LokiQueryController {
    let queries: LogQueries
    let store: any LogStore
    let clock: any WallClock

    static let maximumRangeNanos: Int64 = 721 * 3_600 * 1_000_000_000
    static let maximumLimit = 5_000
    static let maximumSteps = 11_000

    func addRoutes(to routes: Routes) {
        routes.get("loki/api/v1/query_range", needs: .needs(.read), use: queryRange)
        routes.get("loki/api/v1/query", needs: .needs(.read), use: instant)
        routes.get("loki/api/v1/labels", needs: .needs(.read), use: labels)
        routes.get("loki/api/v1/label/{name}/values", needs: .needs(.read), use: labelValues)
        routes.get("loki/api/v1/series", needs: .needs(.read), use: series)
    }

    private var nowNanos: Int64 { Int64(clock.now().timeIntervalSince1970 * 1e9) }

    /// Loki's times: nanoseconds (16 digits or more), milliseconds (13), seconds (with a fraction
    /// or 10 digits or fewer), or RFC 3339.
    static func time(_ text: String?, field: String) throws -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        if text.allSatisfy(\.isNumber), let value = Int64(text) {
            if text.count >= 16 { return value }
            if text.count >= 13 { return value.multipliedReportingOverflow(by: 1_000_000).partialValue }
            return value.multipliedReportingOverflow(by: 1_000_000_000).partialValue
        }
        if let seconds = Double(text), seconds.isFinite, abs(seconds) < 9e9 { return Int64(seconds * 1e9) }
        if let date = GoTime.parse(text), abs(date.timeIntervalSince1970) < 9e9 { return Int64(date.timeIntervalSince1970 * 1e9) }
        throw APIError.badRequest("\(field) \(Quoted.prefix(text)) is not a time (nanoseconds, seconds or RFC 3339)", field: field)
    }

    private func range(_ parameters: QueryParameters) throws -> (start: Int64, end: Int64) {
        let end = try Self.time(parameters.string("end"), field: "end") ?? nowNanos
        let start = try Self.time(parameters.string("start"), field: "start") ?? end - 3_600_000_000_000
        guard start <= end else { throw APIError.badRequest("start must not be after end", field: "start") }
        let length = end.subtractingReportingOverflow(start)
        guard !length.overflow, length.partialValue <= Self.maximumRangeNanos else { throw APIError.badRequest("the range is longer than 721h", field: "start") }
        return (start, end)
    }

    private func parse(_ parameters: QueryParameters) throws -> LogQL.Parsed {
        guard let text = parameters.string("query") else { throw APIError.badRequest("query is required", field: "query") }
        do {
            return try LogQL.parse(text)
        } catch let error as ValidationError {
            throw APIError.badRequest(error.message, field: "query", code: error.code)
        }
    }

    private func limit(_ parameters: QueryParameters, warnings: inout [String]) throws -> Int {
        let asked = try parameters.integer("limit", in: 1...Int(Int32.max)) ?? 100
        if asked > Self.maximumLimit { warnings.append("limit \(asked) was clamped to \(Self.maximumLimit)") }
        return min(asked, Self.maximumLimit)
    }

    @Sendable func queryRange(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters.formEncoded(request)
        let parsed = try parse(parameters)
        let (start, end) = try range(parameters)
        var warnings = parsed.warnings
        switch parsed.expression {
        case .logs(let query):
            let limit = try limit(parameters, warnings: &warnings)
            let backward = (parameters.string("direction") ?? "backward").lowercased() != "forward"
            return try await streams(query, start: start, end: end, limit: limit, backward: backward, warnings: warnings)
        case .metric(let metric):
            let step = try stepNanos(parameters, start: start, end: end)
            var times: [Int64] = []
            var time = start
            while time <= end {
                times.append(time)
                let next = time.addingReportingOverflow(step)
                if next.overflow { break }
                time = next.partialValue
            }
            let results = try await queries.evaluate(metric, at: times)
            var series: [LabelSet: [[Any]]] = [:]
            var scalars: [[Any]] = []
            for (time, value) in results {
                switch value {
                case .scalar(let number): scalars.append([Double(time) / 1e9, Self.format(number)])
                case .vector(let samples): for sample in samples { series[sample.labels, default: []].append([Double(time) / 1e9, Self.format(sample.value)]) }
                }
            }
            let matrix: [[String: Any]] = series.isEmpty && !scalars.isEmpty ? [["metric": [String: String](), "values": scalars]]
                : series.sorted { Self.key($0.key) < Self.key($1.key) }.map { ["metric": $0.key, "values": $0.value] }
            return Self.success(["resultType": "matrix", "result": matrix, "stats": [String: Any]()], warnings: warnings)
        }
    }

    private func stepNanos(_ parameters: QueryParameters, start: Int64, end: Int64) throws -> Int64 {
        var step = max(1, (end - start) / 1_000_000_000 / 250) * 1_000_000_000
        if let text = parameters.string("step") {
            guard let seconds = Double(text) ?? LogQL.goDuration(text), seconds > 0, seconds.isFinite, seconds < 9e9 else {
                throw APIError.badRequest("step must be a positive duration or number of seconds, not \(Quoted.prefix(text))", field: "step")
            }
            step = max(1, Int64(seconds * 1e9))
        }
        guard (end - start) / step < Int64(Self.maximumSteps) else {
            throw APIError.badRequest("the range holds more than \(Self.maximumSteps) steps; use a larger step", field: "step")
        }
        return step
    }

    @Sendable func instant(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters.formEncoded(request)
        let parsed = try parse(parameters)
        let time = try Self.time(parameters.string("time"), field: "time") ?? nowNanos
        var warnings = parsed.warnings
        switch parsed.expression {
        case .logs(let query):
            let limit = try limit(parameters, warnings: &warnings)
            let backward = (parameters.string("direction") ?? "backward").lowercased() != "forward"
            return try await streams(query, start: time - 3_600_000_000_000, end: time, limit: limit, backward: backward, warnings: warnings)
        case .metric(let metric):
            let value = try await queries.evaluate(metric, at: [time]).first?.value ?? .vector([])
            let seconds = Double(time) / 1e9
            switch value {
            case .scalar(let number):
                return Self.success(["resultType": "scalar", "result": [seconds, Self.format(number)], "stats": [String: Any]()], warnings: warnings)
            case .vector(let samples):
                return Self.success(["resultType": "vector", "result": samples.map { ["metric": $0.labels, "value": [seconds, Self.format($0.value)]] },
                                     "stats": [String: Any]()], warnings: warnings)
            }
        }
    }

    private func streams(_ query: LogQuery, start: Int64, end: Int64, limit: Int, backward: Bool, warnings: [String]) async throws -> Response {
        var warnings = warnings
        let (lines, truncated) = try await queries.lines(query, startNanos: start, endNanos: end, limit: limit, backward: backward)
        if truncated { warnings.append("the query read \(LogQueries.maximumScannedLines) lines and stopped; narrow it to see older lines") }
        var grouped: [LabelSet: [[String]]] = [:]
        var order: [LabelSet] = []
        for line in lines {
            if grouped[line.labels] == nil { order.append(line.labels) }
            grouped[line.labels, default: []].append([String(line.timestampNanos), line.line])
        }
        let result = order.map { ["stream": $0, "values": grouped[$0]!] as [String: Any] }
        return Self.success(["resultType": "streams", "result": result, "stats": [String: Any]()], warnings: warnings)
    }

    /// The labels of streams with lines in the range.
    private func activeLabels(_ parameters: QueryParameters) async throws -> [LabelSet] {
        let (start, end) = try range(parameters)
        let active = try await store.activeStreams(startNanos: start, endNanos: end)
        return try await store.streams().filter { active.contains($0.id) }.map { LogIntake.labels(ofStream: $0.labels) }
    }

    @Sendable func labels(_ request: Request, context: AppRequestContext) async throws -> Response {
        let names = Set(try await activeLabels(QueryParameters.formEncoded(request)).flatMap(\.keys))
        return Self.success(names.sorted())
    }

    @Sendable func labelValues(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        let values = Set(try await activeLabels(QueryParameters.formEncoded(request)).compactMap { $0[name] })
        return Self.success(values.sorted())
    }

    @Sendable func series(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters.formEncoded(request)
        var selectors: [[LabelMatcher]] = []
        for text in parameters.parameters.getAll("match[]") + parameters.parameters.getAll("match") {
            guard case .logs(let query)? = try? LogQL.parse(text).expression, query.pipeline.isEmpty else {
                throw APIError.badRequest("match[] \(Quoted.prefix(text)) is not a stream selector", field: "match[]")
            }
            selectors.append(query.selector)
        }
        guard !selectors.isEmpty else { throw APIError.badRequest("at least one match[] selector is required", field: "match[]") }
        let sets = try await activeLabels(parameters).filter { labels in selectors.contains { $0.allSatisfy { $0.matches(labels) } } }
        return Self.success(sets.sorted { Self.key($0) < Self.key($1) })
    }

    static func success(_ data: Any, warnings: [String] = []) -> Response {
        var body: [String: Any] = ["status": "success", "data": data]
        if !warnings.isEmpty { body["warnings"] = warnings }
        return JSONResponse.object(body)
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func key(_ labels: LabelSet) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
