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
