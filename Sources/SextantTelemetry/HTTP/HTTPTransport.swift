import Foundation

/// An HTTP request Sextant sends to a peer: a receiver, a component's health endpoint,
/// Prometheus, or itself (the demo).
public struct OutboundRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// How long the whole exchange may take.
    public var timeout: Duration
    /// The most response bytes read; the rest is not.
    public var maximumResponseBytes: Int
    /// Whether link-local and cloud-metadata addresses are refused (for URLs users set
    /// through the API, which must not turn Sextant into a proxy to them).
    public var refusesLinkLocal: Bool

    public init(method: String = "GET", url: URL, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                timeout: Duration, maximumResponseBytes: Int = 64 * 1024, refusesLinkLocal: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maximumResponseBytes = maximumResponseBytes
        self.refusesLinkLocal = refusesLinkLocal
    }
}

/// A peer's answer.
public struct OutboundResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    /// At most the request's `maximumResponseBytes`.
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

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

/// Sends HTTP requests; the live implementation talks to the network, tests give their own.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the answer, whatever its status; throws ``OutboundFailure``
    /// when there is none.
    func send(_ request: OutboundRequest) async throws -> OutboundResponse
}
