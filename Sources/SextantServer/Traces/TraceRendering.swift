import Foundation
import SextantCore
import SextantStorage
import SextantWire

/// Stored traces in the shapes Jaeger's and Tempo's clients parse.
enum TraceRendering {
    /// The spans of a stored trace (its parts joined).
    static func spans(of trace: StoredTrace) -> [RecordedSpan] {
        trace.payloads.flatMap { (try? OTLPTraceData.spans($0)) ?? [] }
    }

    /// Jaeger's `ui.Trace`: spans with their references, tags and logs, and a process per service.
    static func jaeger(_ trace: StoredTrace) -> [String: Any] {
        let spans = spans(of: trace)
        var processes: [String: Any] = [:]
        var processIDs: [String: String] = [:]
        var rendered: [[String: Any]] = []
        for span in spans {
            let key = span.resource.map { "\($0.key)=\($0.value.text)" }.joined(separator: ",")
            let processID = processIDs[key] ?? {
                let id = "p\(processIDs.count + 1)"
                processIDs[key] = id
                processes[id] = ["serviceName": span.service, "tags": span.resource.filter { $0.key != "service.name" }.map(jaegerTag)]
                return id
            }()
            var tags = span.attributes.map(jaegerTag)
            if span.kind != .unspecified { tags.append(["key": "span.kind", "type": "string", "value": span.kind.name]) }
            if span.isError { tags.append(["key": "error", "type": "bool", "value": true]) }
            if span.statusCode != 0 { tags.append(["key": "otel.status_code", "type": "string", "value": span.isError ? "ERROR" : "OK"]) }
            if !span.statusMessage.isEmpty { tags.append(["key": "otel.status_description", "type": "string", "value": span.statusMessage]) }
            var references: [[String: Any]] = []
            if span.parentSpanID != .none {
                references.append(["refType": "CHILD_OF", "traceID": span.traceID.description, "spanID": span.parentSpanID.description])
            }
            rendered.append([
                "traceID": span.traceID.description, "spanID": span.spanID.description, "operationName": span.name, "references": references,
                "startTime": span.startNanos / 1_000, "duration": span.durationNanos / 1_000, "tags": tags, "flags": 1,
                "logs": span.events.map { event in
                    ["timestamp": event.timeNanos / 1_000,
                     "fields": [["key": "event", "type": "string", "value": event.name]] + event.attributes.map(jaegerTag)] as [String: Any]
                },
                "processID": processID, "warnings": NSNull(),
            ])
        }
        return ["traceID": trace.summary.traceID.description, "spans": rendered, "processes": processes, "warnings": NSNull()]
    }

    static func jaegerTag(_ attribute: OTLPAttribute) -> [String: Any] {
        switch attribute.value {
        case .bool(let value): return ["key": attribute.key, "type": "bool", "value": value]
        case .int(let value): return ["key": attribute.key, "type": "int64", "value": value]
        case .double(let value) where value.isFinite: return ["key": attribute.key, "type": "float64", "value": value]
        default: return ["key": attribute.key, "type": "string", "value": attribute.value.text]
        }
    }

    /// Jaeger's envelope: `{"data": …, "total", "limit", "offset", "errors"}`.
    static func jaegerEnvelope(_ data: Any, total: Int? = nil, errors: [[String: Any]]? = nil) -> [String: Any] {
        ["data": data, "total": total ?? ((data as? [Any])?.count ?? 0), "limit": 0, "offset": 0, "errors": errors.map { $0 as Any } ?? NSNull()]
    }

    /// OTLP/JSON `ResourceSpans` of a trace, as Tempo's JSON answers carry them.
    static func resourceSpans(_ trace: StoredTrace) -> [[String: Any]] {
        var groups: [(resource: [OTLPAttribute], spans: [RecordedSpan])] = []
        for span in spans(of: trace) {
            if let index = groups.firstIndex(where: { $0.resource == span.resource }) { groups[index].spans.append(span) } else { groups.append((span.resource, [span])) }
        }
        return groups.map { group in
            ["resource": ["attributes": group.resource.map { ["key": $0.key, "value": $0.value.otlpJSON] }],
             "scopeSpans": [["spans": group.spans.map(otlpJSON)]]]
        }
    }

    static func otlpJSON(_ span: RecordedSpan) -> [String: Any] {
        var object: [String: Any] = [
            "traceId": span.traceID.description, "spanId": span.spanID.description, "name": span.name, "kind": span.kind.rawValue,
            "startTimeUnixNano": String(span.startNanos), "endTimeUnixNano": String(span.endNanos),
            "attributes": span.attributes.map { ["key": $0.key, "value": $0.value.otlpJSON] },
            "status": ["code": span.statusCode, "message": span.statusMessage],
        ]
        if span.parentSpanID != .none { object["parentSpanId"] = span.parentSpanID.description }
        if !span.events.isEmpty {
            object["events"] = span.events.map { ["timeUnixNano": String($0.timeNanos), "name": $0.name,
                                                  "attributes": $0.attributes.map { ["key": $0.key, "value": $0.value.otlpJSON] }] as [String: Any] }
        }
        return object
    }

    /// Tempo's search result for one trace, with the spans that matched as its span set.
    static func tempoSearchResult(_ trace: StoredTrace, matched: [RecordedSpan]) -> [String: Any] {
        let summary = trace.summary
        return [
            "traceID": summary.traceID.description, "rootServiceName": summary.rootService, "rootTraceName": summary.rootOperation,
            "startTimeUnixNano": String(summary.startNanos), "durationMs": summary.durationNanos / 1_000_000,
            "spanSet": ["spans": matched.prefix(3).map(tempoSpan), "matched": matched.count],
            "spanSets": [["spans": matched.prefix(3).map(tempoSpan), "matched": matched.count]],
        ]
    }

    static func tempoSpan(_ span: RecordedSpan) -> [String: Any] {
        ["spanID": span.spanID.description, "name": span.name, "startTimeUnixNano": String(span.startNanos), "durationNanos": String(span.durationNanos),
         "attributes": [["key": "service.name", "value": ["stringValue": span.service]]]]
    }

    /// Sextant's own summary of a trace.
    static func summary(_ summary: TraceSummary) -> [String: Any] {
        ["traceID": summary.traceID.description, "rootService": summary.rootService, "rootOperation": summary.rootOperation,
         "start": ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(summary.startNanos) / 1e9)),
         "durationMs": Double(summary.durationNanos) / 1e6, "spans": summary.spanCount, "errors": summary.errorCount,
         "links": ["self": "/api/v1/traces/\(summary.traceID)", "logs": "/api/v1/traces/\(summary.traceID)/logs"]]
    }
}
