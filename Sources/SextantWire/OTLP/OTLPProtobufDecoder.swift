import SextantCore

/// Decodes `ExportTraceServiceRequest` (OTLP/HTTP `application/x-protobuf`) into ``Span``s,
/// reading only the fields Sextant uses and skipping the rest unparsed.
public enum OTLPProtobufDecoder {
    /// Decodes a whole request body; with `keepingPayloads`, each span keeps its encoded message
    /// and its batch's resource and scope (for span storage).
    public static func decode(_ bytes: UnsafeRawBufferPointer, keepingPayloads: Bool = false) throws -> DecodedSpans {
        var result = DecodedSpans()
        var request = ProtobufReader(bytes)
        while let field = try request.nextField() {
            guard field.number == 1, field.wireType == .lengthDelimited else {
                try request.skip(field.wireType)
                continue
            }
            var resourceSpans = try request.readMessage()
            try decodeResourceSpans(&resourceSpans, into: &result, keepingPayloads: keepingPayloads)
        }
        return result
    }

    /// Decodes a request body held in an array.
    public static func decode(_ bytes: [UInt8], keepingPayloads: Bool = false) throws -> DecodedSpans {
        try bytes.withUnsafeBytes { try decode($0, keepingPayloads: keepingPayloads) }
    }

    private static func decodeResourceSpans(_ reader: inout ProtobufReader, into result: inout DecodedSpans, keepingPayloads: Bool) throws {
        var service: String?
        var version: String?
        var resourceBytes: [UInt8] = []
        var scopes: [ProtobufReader] = []
        // The resource may follow its spans on the wire: collect the spans' ranges first.
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, .lengthDelimited):
                var resource = try reader.readMessage()
                if keepingPayloads { resourceBytes = Array(resource.remainingBytes) }
                (service, version) = try serviceNameAndVersion(of: &resource)
            case (2, .lengthDelimited):
                scopes.append(try reader.readMessage())
            default:
                try reader.skip(field.wireType)
            }
        }
        let serviceName = service ?? ""
        for var scope in scopes {
            var origin: SpanOrigin?
            // One copy of the scope's bytes; each span's payload is a slice of it.
            let scopeCopy = keepingPayloads ? Array(scope.remainingBytes) : []
            let scopeStart = scope.position
            if keepingPayloads {
                var look = scope
                var scopeBytes: [UInt8] = []
                while let field = try look.nextField() {
                    if field.number == 1, field.wireType == .lengthDelimited { scopeBytes = Array(try look.readMessage().remainingBytes) } else { try look.skip(field.wireType) }
                }
                origin = SpanOrigin(resource: resourceBytes, scope: scopeBytes)
            }
            while let field = try scope.nextField() {
                guard field.number == 2, field.wireType == .lengthDelimited else {
                    try scope.skip(field.wireType)
                    continue
                }
                var span = try scope.readMessage()
                let payload = keepingPayloads ? scopeCopy[(span.position - scopeStart)..<(span.end - scopeStart)] : nil
                var decoded = try decodeSpan(&span, service: serviceName)
                decoded.version = version
                decoded.payload = payload
                decoded.origin = origin
                result.accept(decoded, hasService: !serviceName.isEmpty)
            }
        }
    }

    private static func serviceNameAndVersion(of resource: inout ProtobufReader) throws -> (String?, String?) {
        var name: String?
        var version: String?
        while let field = try resource.nextField() {
            guard field.number == 1, field.wireType == .lengthDelimited else {
                try resource.skip(field.wireType)
                continue
            }
            var keyValue = try resource.readMessage()
            let (key, value) = try keyAndValue(&keyValue)
            if let key, key.remainingEquals("service.name"), var value {
                name = try anyValue(&value).text
            } else if let key, key.remainingEquals("service.version"), var value {
                version = try anyValue(&value).text.map { String($0.prefix(Limits.versionLength)) }
            }
        }
        return (name, version)
    }

    private static func decodeSpan(_ reader: inout ProtobufReader, service: String) throws -> Span {
        var span = Span(
            traceID: TraceID(high: 0, low: 0), spanID: .none, service: service, name: "", kind: .unspecified,
            startNanos: 0, endNanos: 0
        )
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, .lengthDelimited):
                span.traceID = traceID(try reader.readMessage()) ?? TraceID(high: 0, low: 0)
            case (2, .lengthDelimited):
                span.spanID = SpanID(try reader.readMessage().remainingBigEndian(count: 8) ?? 0)
            case (4, .lengthDelimited):
                span.parentSpanID = SpanID(try reader.readMessage().remainingBigEndian(count: 8) ?? 0)
            case (5, .lengthDelimited):
                span.name = try reader.readString()
            case (6, .varint):
                span.kind = SpanKind(rawValue: Int(truncatingIfNeeded: try reader.readVarint())) ?? .unspecified
            case (7, .fixed64):
                span.startNanos = try reader.readFixed64()
            case (8, .fixed64):
                span.endNanos = try reader.readFixed64()
            case (9, .lengthDelimited):
                var keyValue = try reader.readMessage()
                try applyAttribute(&keyValue, to: &span)
            case (13, .lengthDelimited):
                var link = try reader.readMessage()
                if span.links.count < Limits.linksPerSpan, let decoded = try decodeLink(&link) { span.links.append(decoded) }
            case (15, .lengthDelimited):
                var status = try reader.readMessage()
                span.isError = try statusCode(&status) == 2
            default:
                try reader.skip(field.wireType)
            }
        }
        return span
    }

    private static func traceID(_ reader: ProtobufReader) -> TraceID? {
        guard let high = reader.remainingBigEndian(count: 16), let low = reader.remainingBigEndian(count: 16, offset: 8) else {
            return nil
        }
        return TraceID(high: high, low: low)
    }

    private static func decodeLink(_ reader: inout ProtobufReader) throws -> Span.Link? {
        var trace: TraceID?
        var span: UInt64?
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, .lengthDelimited): trace = traceID(try reader.readMessage())
            case (2, .lengthDelimited): span = try reader.readMessage().remainingBigEndian(count: 8)
            default: try reader.skip(field.wireType)
            }
        }
        guard let trace, let span, !trace.isZero, span != 0 else { return nil }
        return Span.Link(traceID: trace, spanID: SpanID(span))
    }

    private static func statusCode(_ reader: inout ProtobufReader) throws -> UInt64 {
        var code: UInt64 = 0
        while let field = try reader.nextField() {
            if field.number == 3, field.wireType == .varint { code = try reader.readVarint() } else { try reader.skip(field.wireType) }
        }
        return code
    }

    /// The key and value sub-messages of a `KeyValue`, in whatever order they come.
    private static func keyAndValue(_ reader: inout ProtobufReader) throws -> (ProtobufReader?, ProtobufReader?) {
        var key: ProtobufReader?
        var value: ProtobufReader?
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, .lengthDelimited): key = try reader.readMessage()
            case (2, .lengthDelimited): value = try reader.readMessage()
            default: try reader.skip(field.wireType)
            }
        }
        return (key, value)
    }

    private static func applyAttribute(_ reader: inout ProtobufReader, to span: inout Span) throws {
        let (key, value) = try keyAndValue(&reader)
        guard let key, var value, let attribute = SpanAttribute(key) else { return }
        let decoded = try anyValue(&value)
        attribute.apply(text: decoded.text, integer: decoded.integer, to: &span)
    }

    /// The string or integer an `AnyValue` holds.
    private static func anyValue(_ reader: inout ProtobufReader) throws -> (text: String?, integer: Int?) {
        var text: String?
        var integer: Int?
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, .lengthDelimited): text = try reader.readString()
            case (3, .varint): integer = Int(truncatingIfNeeded: try reader.readVarint())
            default: try reader.skip(field.wireType)
            }
        }
        return (text, integer)
    }
}
