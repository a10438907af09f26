import SextantCore

/// The spans of one OTLP export request, and how many were rejected and why.
public struct DecodedSpans: Sendable {
    /// Spans that can be used.
    public var spans: [Span] = []
    /// Spans whose resource has no `service.name`.
    public var missingService = 0
    /// Spans with an invalid (wrong length or all-zero) trace or span id.
    public var invalidIdentifiers = 0
    /// Spans whose service, peer or operation name is longer than ``Limits`` allow.
    public var overlongNames = 0

    public init() {}

    /// How many spans were rejected.
    public var rejected: Int { missingService + invalidIdentifiers + overlongNames }

    /// Why, for `partial_success.error_message`; empty when nothing was rejected.
    public var rejectionMessage: String {
        var reasons: [String] = []
        if missingService > 0 { reasons.append("\(missingService) without a resource service.name") }
        if invalidIdentifiers > 0 { reasons.append("\(invalidIdentifiers) with an invalid trace or span id") }
        if overlongNames > 0 {
            reasons.append("\(overlongNames) with a service or peer name over \(Limits.serviceNameBytes) bytes or a span name over \(Limits.spanNameBytes)")
        }
        return reasons.isEmpty ? "" : "rejected \(rejected) span\(rejected == 1 ? "" : "s"): " + reasons.joined(separator: ", ")
    }

    /// Counts the span as rejected, or keeps it.
    mutating func accept(_ span: Span, hasService: Bool) {
        if !hasService {
            missingService += 1
        } else if span.traceID.isZero || span.spanID.isZero {
            invalidIdentifiers += 1
        } else if !span.hasNamesWithinLimits {
            overlongNames += 1
        } else {
            spans.append(span)
        }
    }
}

extension Span {
    /// Whether every name the span gives (its service, operation and peers) fits ``Limits``.
    var hasNamesWithinLimits: Bool {
        service.fits(Limits.serviceNameBytes) && name.fits(Limits.spanNameBytes)
            && [peerService, serverAddress, databaseSystem, databaseNamespace, databaseName, messagingSystem].allSatisfy {
                $0?.fits(Limits.serviceNameBytes) ?? true
            }
    }
}
