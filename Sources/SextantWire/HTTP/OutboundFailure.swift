import Foundation

/// Why a request got no answer, in words a person reads in a probe result or a log.
public enum OutboundFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The peer refused the connection (reported at once, not after the timeout).
    case refused
    case timedOut
    /// The host resolves to a link-local or metadata address, and the request refuses those.
    case forbiddenAddress(String)
    case unresolvable(String)
    case failed(String)

    public var description: String {
        switch self {
        case .refused: return "connection refused"
        case .timedOut: return "timed out"
        case .forbiddenAddress(let address): return "refused to connect to \(address): a link-local or cloud metadata address"
        case .unresolvable(let host): return "cannot resolve \(host)"
        case .failed(let reason): return reason
        }
    }
}
