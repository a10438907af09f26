import SextantCore

/// One log record as an intake received it, before labels are chosen: from OTLP (resource
/// attributes, severity, body, attributes, trace context) or from a Loki push (the stream's
/// labels given, the line, structured metadata as attributes).
public struct ReceivedLog: Sendable, Equatable {
    /// OTLP: the resource's attributes. Loki: the stream's labels.
    public var resource: [OTLPAttribute]
    /// When it happened (the observed time when the record has none), in nanoseconds since 1970.
    public var timeNanos: Int64
    public var severityNumber: Int
    public var severityText: String
    /// The line: the body's text (a structured body as JSON).
    public var line: String
    public var attributes: [OTLPAttribute]
    public var traceID: TraceID?
    public var spanID: SpanID?

    public init(resource: [OTLPAttribute], timeNanos: Int64, severityNumber: Int = 0, severityText: String = "", line: String,
                attributes: [OTLPAttribute] = [], traceID: TraceID? = nil, spanID: SpanID? = nil) {
        self.resource = resource
        self.timeNanos = timeNanos
        self.severityNumber = severityNumber
        self.severityText = severityText
        self.line = line
        self.attributes = attributes
        self.traceID = traceID
        self.spanID = spanID
    }

    /// The severity's name as OpenTelemetry's ranges give it (`info` for 9–12, …), or the text sent.
    public var severity: String {
        if !severityText.isEmpty { return severityText.lowercased() }
        switch severityNumber {
        case 1...4: return "trace"
        case 5...8: return "debug"
        case 9...12: return "info"
        case 13...16: return "warn"
        case 17...20: return "error"
        case 21...24: return "fatal"
        default: return "unknown"
        }
    }
}
