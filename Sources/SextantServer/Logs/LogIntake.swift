import Foundation
import SextantCore
import SextantStorage
import SextantWire

/// Takes received log records, chooses each one's stream labels, checks Loki's limits, numbers
/// the streams and stores the lines — all of a request or none — before the request is answered.
///
/// OTLP records are labelled `service` (the resource's `service.name`), `severity`, and the
/// configured resource attributes (dots become underscores); Loki pushes keep their own stream
/// labels. Bounds (Loki's defaults): at most 15 labels per stream, names of 1,024 bytes, values
/// of 2,048, lines of 256 KiB, 100,000 records per request, times from the retention's start
/// to 10 minutes ahead.
struct LogIntake: Sendable {
    let store: any LogStore
    let clock: any WallClock
    let labelAttributes: [String]
    let maximumStreams: Int
    let retention: TimeInterval

    static let maximumLabels = 15
    static let maximumLabelNameBytes = 1_024
    static let maximumLabelValueBytes = 2_048
    static let maximumLineBytes = 256 * 1_024
    static let maximumRecords = 100_000

    /// The labels of an OTLP record.
    func otlpLabels(_ log: ReceivedLog) -> [String: String] {
        var labels = ["service": log.resource["service.name"]?.text ?? "unknown_service", "severity": log.severity]
        for name in labelAttributes {
            if let value = log.resource[name] ?? log.attributes[name] { labels[name.replacingOccurrences(of: ".", with: "_")] = value.text }
        }
        return labels
    }

    /// The labels of a Loki push entry: its stream's.
    static func pushedLabels(_ log: ReceivedLog) -> [String: String] {
        Dictionary(log.resource.map { ($0.key, $0.value.text) }, uniquingKeysWith: { _, last in last })
    }

    /// Checks and stores `logs`, labelled by `labels`.
    func accept(_ logs: [ReceivedLog], labels: (ReceivedLog) -> [String: String]) async throws {
        guard logs.count <= Self.maximumRecords else {
            throw APIError.badRequest("a request carries at most \(Self.maximumRecords) log records, not \(logs.count)", field: "body")
        }
        let now = clock.now()
        let oldest = Int64((now.timeIntervalSince1970 - retention) * 1e9)
        let newest = Int64((now.timeIntervalSince1970 + 600) * 1e9)
        var streamTexts: [String] = []
        streamTexts.reserveCapacity(logs.count)
        for (index, log) in logs.enumerated() {
            let set = labels(log)
            try Self.check(set, line: log.line, at: index)
            guard log.timeNanos == 0 || (log.timeNanos >= oldest && log.timeNanos <= newest) else {
                throw APIError.badRequest("record \(index)'s time is outside the retention (\(Int(retention)) s back) or more than 10 minutes ahead", field: "timestamp")
            }
            streamTexts.append(Self.streamText(set))
        }
        let ids: [String: Int64]
        do {
            ids = try await store.streamIDs(for: Array(Set(streamTexts)), maximumStreams: maximumStreams, now: now)
        } catch let limit as StreamLimitReached {
            throw APIError(.tooManyRequests, code: "stream_limit", message: "the limit of \(limit.maximum) log streams is reached; use fewer distinct labels")
        }
        let nowNanos = Int64(now.timeIntervalSince1970 * 1e9)
        let records = zip(logs, streamTexts).compactMap { log, text -> LogLineRecord? in
            guard let stream = ids[text] else { return nil }
            return LogLineRecord(stream: stream, timestampNanos: log.timeNanos == 0 ? nowNanos : log.timeNanos, line: log.line, traceID: log.traceID,
                                 spanID: log.spanID, metadata: Self.metadata(log))
        }
        try await store.append(records, now: now)
    }

    static func check(_ labels: [String: String], line: String, at index: Int) throws {
        guard labels.count <= maximumLabels else {
            throw APIError.badRequest("record \(index)'s stream has \(labels.count) labels; at most \(maximumLabels)", field: "labels")
        }
        for (name, value) in labels {
            guard !name.isEmpty, name.utf8.count <= maximumLabelNameBytes,
                  name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0)) }),
                  !("0"..."9").contains(name.unicodeScalars.first!) else {
                throw APIError.badRequest("record \(index)'s label name \(Quoted.prefix(name)) is not a label name ([a-zA-Z_][a-zA-Z0-9_]*, at most \(maximumLabelNameBytes) bytes)", field: "labels")
            }
            guard value.utf8.count <= maximumLabelValueBytes else {
                throw APIError.badRequest("record \(index)'s label \(name) is longer than \(maximumLabelValueBytes) bytes", field: "labels")
            }
        }
        guard line.utf8.count <= maximumLineBytes else {
            throw APIError.badRequest("record \(index)'s line is longer than \(maximumLineBytes) bytes", field: "line")
        }
    }

    /// A label set's stream key: a JSON object with sorted keys.
    static func streamText(_ labels: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: labels, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A stream key's labels.
    static func labels(ofStream text: String) -> LabelSet {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String]) ?? [:]
    }

    /// The record's attributes (and OTLP severity) as structured metadata, or `nil`.
    static func metadata(_ log: ReceivedLog) -> String? {
        var fields = Dictionary(log.attributes.map { ($0.key, $0.value.text) }, uniquingKeysWith: { first, _ in first })
        if log.severityNumber != 0 { fields["severity_number"] = String(log.severityNumber) }
        guard !fields.isEmpty, let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
