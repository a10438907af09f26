import Foundation
import Hummingbird
import SextantCore
import SextantStorage
import SextantWire

/// Trace search (by service, operation, errors, a minimum duration) and one trace as a waterfall,
/// with a jump to its first error and its log lines.
struct TracesPage {
    let sources: UISources

    func search(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let service = query.string("service")
        let operation = query.string("operation")
        let errorsOnly = try query.boolean("errors")
        let minimum = try JaegerController.duration(query.string("minDuration"), field: "minDuration")
        let services = try await sources.spans.services(since: Int64(sources.clock.now().timeIntervalSince1970) - 86_400 * 7)
        let options = ["<option value=\"\">any</option>"] + services.map { "<option\($0 == service ? " selected" : "")>\(HTML.text($0))</option>" }
        var results = ""
        if service != nil || errorsOnly || minimum != nil {
            let now = Int64(sources.clock.now().timeIntervalSince1970 * 1e9)
            let found = try await sources.finder.find(TraceSearch(service: service, operation: operation, startNanos: now - 86_400_000_000_000,
                                                                  endNanos: now + 60_000_000_000, minimumDurationNanos: minimum, errorsOnly: errorsOnly, limit: 50),
                                                      want: 50, matches: nil)
            results = HTML.table(["Trace", "Root", "Start", "Duration", "Spans", "Errors"], found.map { found in
                let summary = found.trace.summary
                return [HTML.link("/ui/traces/\(summary.traceID)", String(summary.traceID.description.prefix(16))),
                        HTML.text("\(summary.rootService): \(summary.rootOperation)"),
                        HTML.text(Date(timeIntervalSince1970: Double(summary.startNanos) / 1e9).formatted(.iso8601)),
                        HTML.milliseconds(Double(summary.durationNanos) / 1e9), "\(summary.spanCount)",
                        summary.errorCount > 0 ? "<span class=\"bad\">\(summary.errorCount)</span>" : "0"]
            }, empty: "No stored trace matches.")
        }
        let body = """
            <form method="get" action="/ui/traces"><label for="service">Service</label><select id="service" name="service">\(options.joined())</select>\
            <label for="operation">Operation</label><input id="operation" name="operation" type="text" value="\(HTML.attribute(operation ?? ""))">\
            <label for="minDuration">At least (e.g. 250ms)</label><input id="minDuration" name="minDuration" type="text" value="\(HTML.attribute(query.string("minDuration") ?? ""))">\
            <label><input type="checkbox" name="errors" value="true"\(errorsOnly ? " checked" : "")> With errors only</label>\
            <p><button type="submit">Search</button></p></form>\(results)
            """
        return UILayout.page(title: "Traces", body: body, context: context)
    }

    func trace(_ text: String, _ context: AppRequestContext) async throws -> Response {
        guard let id = TraceID(hex: text.lowercased()) else { throw APIError.badRequest("\(Quoted.prefix(text)) is not a trace id", field: "id") }
        guard let trace = try await sources.spans.trace(id) else { throw APIError.notFound("trace \(id) is not stored") }
        let spans = TraceRendering.spans(of: trace).sorted { $0.startNanos < $1.startNanos }
        let start = spans.map(\.startNanos).min() ?? 0
        let total = Double((spans.map(\.endNanos).max() ?? start) - start) / 1e9
        // Depth from parent links; spans whose parent is missing start a row of their own.
        let byID = Dictionary(spans.map { ($0.spanID, $0) }, uniquingKeysWith: { first, _ in first })
        func depth(_ span: RecordedSpan) -> Int {
            var depth = 0, current = span
            while current.parentSpanID != .none, let parent = byID[current.parentSpanID], depth < 64 { depth += 1; current = parent }
            return depth
        }
        let rows = spans.map { span in
            (id: span.spanID.description, label: "\(span.service): \(span.name)", depth: depth(span),
             start: Double(span.startNanos - start) / 1e9, duration: Double(span.durationNanos) / 1e9, isError: span.isError)
        }
        let firstError = spans.first(where: \.isError).map { "<p>\(HTML.link("#span-\($0.spanID)", "Jump to the first error"))</p>" } ?? ""
        let table = HTML.table(["Span", "Service", "Operation", "Kind", "Start", "Duration", "Status", "Attributes"], spans.map { span in
            ["<span id=\"span-\(span.spanID)\">\(span.spanID)</span>", HTML.text(span.service), HTML.text(span.name), HTML.text(span.kind.name),
             "+" + HTML.milliseconds(Double(span.startNanos - start) / 1e9), HTML.milliseconds(Double(span.durationNanos) / 1e9),
             span.isError ? "<span class=\"bad\">error\(span.statusMessage.isEmpty ? "" : ": " + HTML.text(span.statusMessage))</span>" : "ok",
             HTML.text(span.attributes.prefix(20).map { "\($0.key)=\($0.value.text)" }.joined(separator: " "))]
        }, empty: "No spans.")
        let lines = try await sources.logs.store.lines(traceID: id, limit: 200)
        let logRows = lines.map { line in
            [HTML.text(Date(timeIntervalSince1970: Double(line.timestampNanos) / 1e9).formatted(.iso8601)), line.spanID.map { HTML.link("#span-\($0)", $0.description) } ?? "",
             "<code>\(HTML.text(String(line.line.prefix(500))))</code>"]
        }
        let summary = trace.summary
        let body = """
            <p>Root \(HTML.link("/ui/services/\(HTML.segment(summary.rootService))", summary.rootService)): \(HTML.text(summary.rootOperation)); \
            \(summary.spanCount) spans, \(summary.errorCount) with errors, \(HTML.milliseconds(total)).</p>\(firstError)\
            <section aria-labelledby="waterfall"><h2 id="waterfall">Waterfall</h2>\(SVG.waterfall(rows, total: total))</section>\
            <section aria-labelledby="spans"><h2 id="spans">Spans</h2>\(table)</section>\
            <section aria-labelledby="logs"><h2 id="logs">Log lines of this trace</h2>\(HTML.table(["Time", "Span", "Line"], logRows, empty: "No log line carries this trace's id."))</section>
            """
        return UILayout.page(title: "Trace \(id.description.prefix(16))", body: body, context: context)
    }
}
