import SextantCore

/// OTLP's `TracesData` (the same wire shape as an export request and as Tempo's `Trace`):
/// how kept spans are stored, and what Tempo's protobuf answer is. Two encodings concatenated
/// are one message holding both, so a trace stored in parts is answered by joining them.
public enum OTLPTraceData {
    /// `spans` (each with its payload and origin) as one `TracesData`, a `ResourceSpans` per origin.
    public static func encode(_ spans: [Span]) -> [UInt8] {
        var groups: [(origin: SpanOrigin, spans: [ArraySlice<UInt8>])] = []
        for span in spans {
            guard let payload = span.payload, let origin = span.origin else { continue }
            if let index = groups.firstIndex(where: { $0.origin === origin || $0.origin == origin }) {
                groups[index].spans.append(payload)
            } else {
                groups.append((origin, [payload]))
            }
        }
        var writer = ProtobufWriter(capacity: spans.count * 256)
        for group in groups {
            writer.message(1) { resourceSpans in
                resourceSpans.lengthDelimited(1, group.origin.resource)
                resourceSpans.message(2) { scopeSpans in
                    if !group.origin.scope.isEmpty { scopeSpans.lengthDelimited(1, group.origin.scope) }
                    for span in group.spans { scopeSpans.lengthDelimited(2, span) }
                }
            }
        }
        return writer.bytes
    }

    /// Every span of a `TracesData` (or of stored parts joined), with its resource's attributes.
    public static func spans(_ bytes: [UInt8]) throws -> [RecordedSpan] {
        try bytes.withUnsafeBytes { raw in
            var reader = ProtobufReader(raw)
            var spans: [RecordedSpan] = []
            while let field = try reader.nextField() {
                guard field.number == 1, field.wireType == .lengthDelimited else { try reader.skip(field.wireType); continue }
                var resourceSpans = try reader.readMessage()
                var resource: [OTLPAttribute] = []
                var scopes: [ProtobufReader] = []
                while let part = try resourceSpans.nextField() {
                    switch (part.number, part.wireType) {
                    case (1, .lengthDelimited):
                        var message = try resourceSpans.readMessage()
                        resource = try OTLPAttribute.decodeList(&message, field: 1)
                    case (2, .lengthDelimited): scopes.append(try resourceSpans.readMessage())
                    default: try resourceSpans.skip(part.wireType)
                    }
                }
                for var scope in scopes {
                    while let part = try scope.nextField() {
                        guard part.number == 2, part.wireType == .lengthDelimited else { try scope.skip(part.wireType); continue }
                        var span = try scope.readMessage()
                        spans.append(try RecordedSpan.decode(&span, resource: resource))
                    }
                }
            }
            return spans
        }
    }

    /// The encoded `Resource` message holding `attributes`.
    public static func resource(_ attributes: [OTLPAttribute]) -> [UInt8] {
        var writer = ProtobufWriter()
        for attribute in attributes { writer.message(1) { attribute.encode(into: &$0) } }
        return writer.bytes
    }
}
