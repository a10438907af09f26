import Foundation
import Hummingbird
import SextantCore

/// Log search with LogQL over the last hour (or a chosen range): lines for a log query, each
/// linking to its trace when it carries one; a metric query's result as a table.
struct LogsPage {
    let sources: UISources

    static let ranges: [(name: String, seconds: Int64)] = [("15m", 900), ("1h", 3_600), ("6h", 21_600), ("24h", 86_400)]

    func response(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request)
        let text = parameters.string("query") ?? ""
        let rangeName = parameters.string("range") ?? "1h"
        guard let range = Self.ranges.first(where: { $0.name == rangeName }) else { throw APIError.badRequest("range must be 15m, 1h, 6h or 24h", field: "range") }
        var results = ""
        if !text.isEmpty {
            let now = Int64(sources.clock.now().timeIntervalSince1970 * 1e9)
            do {
                let parsed = try LogQL.parse(text)
                results += parsed.warnings.map { "<p class=\"bad\">\(HTML.text($0))</p>" }.joined()
                switch parsed.expression {
                case .logs(let query):
                    let lines = try await sources.logs.lines(query, startNanos: now - range.seconds * 1_000_000_000, endNanos: now, limit: 500, backward: true).lines
                    results += HTML.table(["Time", "Labels", "Line"], lines.map { line in
                        let trace = Self.traceID(in: line.line).map { " " + HTML.link("/ui/traces/\($0)", "trace") } ?? ""
                        return [HTML.text(Date(timeIntervalSince1970: Double(line.timestampNanos) / 1e9).formatted(.iso8601)),
                                HTML.text(line.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")),
                                "<code>\(HTML.text(String(line.line.prefix(500))))</code>\(trace)"]
                    }, empty: "No line matches.")
                case .metric(let metric):
                    let value = try await sources.logs.evaluate(metric, at: [now]).first?.value ?? .vector([])
                    switch value {
                    case .scalar(let number): results += "<p>\(HTML.text(String(number)))</p>"
                    case .vector(let samples):
                        results += HTML.table(["Labels", "Value"], samples.map {
                            [HTML.text($0.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")), HTML.text(String($0.value))]
                        }, empty: "No series.")
                    }
                }
            } catch let error as ValidationError {
                results = "<p class=\"bad\" role=\"alert\">\(HTML.text(error.message))</p>"
            }
        }
        let options = Self.ranges.map { "<option\($0.name == range.name ? " selected" : "")>\($0.name)</option>" }.joined()
        let body = """
            <form method="get" action="/ui/logs"><label for="query">LogQL</label>\
            <input id="query" name="query" type="text" value="\(HTML.attribute(text))" placeholder="{service=&quot;api&quot;} |= &quot;error&quot;">\
            <label for="range">Range</label><select id="range" name="range">\(options)</select>\
            <p><button type="submit">Search</button></p></form>\(results)
            """
        return UILayout.page(title: "Logs", body: body, context: context)
    }

    /// A trace id a line names (`trace_id=…`, `"traceId":"…"`), if any.
    static func traceID(in line: String) -> TraceID? {
        for marker in ["trace_id=", "traceid=", "\"trace_id\":\"", "\"traceId\":\"", "\"traceID\":\""] {
            if let range = line.range(of: marker, options: .caseInsensitive) {
                let hex = line[range.upperBound...].prefix(32)
                if let id = TraceID(hex: hex.lowercased()), !id.isZero { return id }
            }
        }
        return nil
    }
}
