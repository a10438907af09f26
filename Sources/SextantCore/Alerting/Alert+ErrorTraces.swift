import Foundation

extension Alert {
    /// The annotation that links an alert about a service to its recent error traces.
    public static let errorTracesAnnotation = "error_traces"

    /// The alert with an `error_traces` annotation linking to a few recent error traces of its
    /// `service` (under `externalURL`), unless it has no service or already says where to look.
    public func linkingErrorTraces(externalURL: String) -> Alert {
        guard let service = labels["service"], !service.isEmpty, annotations[Self.errorTracesAnnotation] == nil else { return self }
        var linked = self
        let path = service.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? service
        linked.annotations[Self.errorTracesAnnotation] = "\(externalURL)/api/v1/services/\(path)/traces?status=error&limit=5"
        return linked
    }
}
