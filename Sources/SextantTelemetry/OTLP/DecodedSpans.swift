import SextantCore

/// The spans of one OTLP export request, and how many were rejected and why.
public struct DecodedSpans: Sendable {
    /// Spans that can be used.
    public var spans: [Span] = []
    /// Spans whose resource has no `service.name`.
    public var missingService = 0
    /// Spans with an invalid (wrong length or all-zero) trace or span id.
    public var invalidIdentifiers = 0

    public init() {}

    /// How many spans were rejected.
    public var rejected: Int { missingService + invalidIdentifiers }

    /// Why, for `partial_success.error_message`; empty when nothing was rejected.
    public var rejectionMessage: String {
        var reasons: [String] = []
        if missingService > 0 { reasons.append("\(missingService) without a resource service.name") }
        if invalidIdentifiers > 0 { reasons.append("\(invalidIdentifiers) with an invalid trace or span id") }
        return reasons.isEmpty ? "" : "rejected \(rejected) span\(rejected == 1 ? "" : "s"): " + reasons.joined(separator: ", ")
    }

    /// Counts the span as rejected, or keeps it.
    mutating func accept(_ span: Span, hasService: Bool) {
        if !hasService {
            missingService += 1
        } else if span.traceID.isZero || span.spanID.isZero {
            invalidIdentifiers += 1
        } else {
            spans.append(span)
        }
    }
}
