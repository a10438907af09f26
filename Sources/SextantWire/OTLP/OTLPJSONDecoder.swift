import Foundation
import SextantCore

/// Decodes OTLP/HTTP `application/json` export requests: lowerCamelCase keys, hex trace and
/// span ids, 64-bit integers as strings or numbers, enums as numbers or names.
public enum OTLPJSONDecoder {
    /// Decodes a whole request body; with `keepingPayloads`, each span keeps its OTLP encoding
    /// and its batch's resource and scope (for span storage).
    public static func decode(_ data: Data, keepingPayloads: Bool = false) throws -> DecodedSpans {
        // Strictly one document first (no trailing commas, duplicate fields or invalid UTF-8,
        // nesting bounded), as protojson reads it; Foundation's parser is lenient.
        let problem = data.withUnsafeBytes { bytes in Result { () throws(StrictJSON.Problem) in try StrictJSON.check(bytes) } }
        if case .failure(let problem) = problem { throw OTLPDecodingError("the body is not valid JSON: \(problem)") }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw OTLPDecodingError("the body is not valid JSON")
        }
        guard let request = root as? [String: Any] else { throw OTLPDecodingError("the body must be a JSON object") }
        var result = DecodedSpans()
        for (resourceIndex, resourceSpans) in try objects(request["resourceSpans"], at: "resourceSpans").enumerated() {
            let path = "resourceSpans[\(resourceIndex)]"
            let resource = resourceSpans["resource"] as? [String: Any]
            var service = ""
            var version: String?
            for attribute in try objects(resource?["attributes"], at: "\(path).resource.attributes") {
                switch attribute["key"] as? String {
                case "service.name": service = value(attribute["value"]).text ?? ""
                case "service.version": version = value(attribute["value"]).text.map { String($0.prefix(Limits.versionLength)) }
                default: break
                }
            }
            let resourceAttributes = keepingPayloads ? try OTLPAttribute.decodeList(json: resource?["attributes"]) : []
            for (scopeIndex, scope) in try objects(resourceSpans["scopeSpans"], at: "\(path).scopeSpans").enumerated() {
                let origin = keepingPayloads ? SpanOrigin(resource: OTLPTraceData.resource(resourceAttributes), scope: scopeBytes(scope["scope"])) : nil
                for (spanIndex, object) in try objects(scope["spans"], at: "\(path).scopeSpans[\(scopeIndex)].spans").enumerated() {
                    var span = try decodeSpan(object, service: service, at: "\(path).scopeSpans[\(scopeIndex)].spans[\(spanIndex)]")
                    span.version = version
                    if let origin {
                        span.payload = try RecordedSpan.decode(json: object, resource: [], traceID: span.traceID, spanID: span.spanID,
                                                               parentSpanID: span.parentSpanID, kind: span.kind, startNanos: span.startNanos,
                                                               endNanos: span.endNanos).encoded[...]
                        span.origin = origin
                    }
                    result.accept(span, hasService: !service.isEmpty)
                }
            }
        }
        return result
    }

    private static func decodeSpan(_ object: [String: Any], service: String, at path: String) throws -> Span {
        var span = Span(
            traceID: identifier(object["traceId"], bytes: 16).flatMap { TraceID(hex: $0) } ?? TraceID(high: 0, low: 0),
            spanID: identifier(object["spanId"], bytes: 8).flatMap { SpanID(hex: $0) } ?? .none,
            parentSpanID: identifier(object["parentSpanId"], bytes: 8).flatMap { SpanID(hex: $0) } ?? .none,
            service: service,
            name: object["name"] as? String ?? "",
            kind: try kind(object["kind"], at: path),
            startNanos: try unsigned(object["startTimeUnixNano"], at: "\(path).startTimeUnixNano"),
            endNanos: try unsigned(object["endTimeUnixNano"], at: "\(path).endTimeUnixNano")
        )
        for attribute in try objects(object["attributes"], at: "\(path).attributes") {
            guard let key = attribute["key"] as? String, let known = SpanAttribute(name: key) else { continue }
            let decoded = value(attribute["value"])
            known.apply(text: decoded.text, integer: decoded.integer, to: &span)
        }
        for link in try objects(object["links"], at: "\(path).links").prefix(Limits.linksPerSpan) {
            if let trace = identifier(link["traceId"], bytes: 16).flatMap({ TraceID(hex: $0) }),
               let linked = identifier(link["spanId"], bytes: 8).flatMap({ SpanID(hex: $0) }), !trace.isZero, !linked.isZero {
                span.links.append(Span.Link(traceID: trace, spanID: linked))
            }
        }
        if let status = object["status"] as? [String: Any] {
            switch status["code"] {
            case let code as NSNumber: span.isError = code.doubleValue == 2
            case let name as String: span.isError = name == "STATUS_CODE_ERROR" || name == "2"
            default: break
            }
        }
        return span
    }

    /// An `InstrumentationScope` object's name and version, encoded.
    private static func scopeBytes(_ value: Any?) -> [UInt8] {
        guard let scope = value as? [String: Any] else { return [] }
        var writer = ProtobufWriter()
        if let name = scope["name"] as? String { writer.string(1, name) }
        if let version = scope["version"] as? String { writer.string(2, version) }
        return writer.bytes
    }

    /// An array of objects, or none when the key is absent.
    private static func objects(_ value: Any?, at path: String) throws -> [[String: Any]] {
        guard let value, !(value is NSNull) else { return [] }
        guard let array = value as? [Any] else { throw OTLPDecodingError("\(path) must be an array") }
        return try array.enumerated().map { index, element in
            guard let object = element as? [String: Any] else { throw OTLPDecodingError("\(path)[\(index)] must be an object") }
            return object
        }
    }

    /// A hex id of `bytes` bytes (lowercased), or `nil`.
    private static func identifier(_ value: Any?, bytes: Int) -> String? {
        guard let text = value as? String, text.utf8.count == bytes * 2 else { return nil }
        return text.lowercased()
    }

    private static func kind(_ value: Any?, at path: String) throws -> SpanKind {
        switch value {
        case nil, is NSNull: return .unspecified
        case let number as NSNumber: return Int(exactly: number).flatMap { SpanKind(rawValue: $0) } ?? .unspecified
        case let name as String:
            if let number = Int(name) { return SpanKind(rawValue: number) ?? .unspecified }
            guard let kind = SpanKind(name: name) else { throw OTLPDecodingError("\(path).kind \(Quoted.prefix(name)) is not a span kind") }
            return kind
        default: throw OTLPDecodingError("\(path).kind must be a number or a name")
        }
    }

    /// A 64-bit unsigned integer, written as a number or a decimal string.
    static func unsigned(_ value: Any?, at path: String) throws -> UInt64 {
        switch value {
        case nil, is NSNull: return 0
        case let text as String:
            guard let number = UInt64(text) else { throw OTLPDecodingError("\(path) must be an unsigned integer, not \(Quoted.prefix(text))") }
            return number
        case let number as NSNumber:
            guard let exact = UInt64(exactly: number) else {
                throw OTLPDecodingError("\(path) must be an unsigned 64-bit integer, not \(number)")
            }
            return exact
        default: throw OTLPDecodingError("\(path) must be an unsigned integer")
        }
    }

    /// The string or integer an OTLP JSON `AnyValue` holds.
    private static func value(_ value: Any?) -> (text: String?, integer: Int?) {
        guard let object = value as? [String: Any] else { return (nil, nil) }
        if let text = object["stringValue"] as? String { return (text, nil) }
        switch object["intValue"] {
        case let text as String: return (nil, Int(text))
        case let number as NSNumber: return (nil, Int(exactly: number))
        default: return (nil, nil)
        }
    }
}
