import Foundation
import SextantCore

extension Component {
    /// Refuses a health or metrics endpoint at a link-local or cloud metadata address, unless
    /// the server allows them (`--allow-link-local-probes`): probes must not make Sextant a
    /// proxy to a cloud's credentials.
    func requireReachableEndpoints(allowingLinkLocal: Bool, field prefix: String = "") throws {
        guard !allowingLinkLocal else { return }
        for (field, endpoint) in [("healthEndpoint", healthEndpoint), ("metricsEndpoint", metricsEndpoint)] {
            guard let endpoint, let host = URL(string: endpoint)?.host, ProbeAddress.isLinkLocalOrMetadata(host) else { continue }
            throw ValidationError(code: "forbidden_address",
                                  message: "\(Quoted.prefix(host)) is a link-local or cloud metadata address; probes may not reach it",
                                  field: FieldPath.join(prefix, field))
        }
    }
}
