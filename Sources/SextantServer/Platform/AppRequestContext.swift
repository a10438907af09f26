import Hummingbird
import Logging

/// The context of one API request: Hummingbird's core plus the ids Sextant logs and echoes.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// This request's id, echoed as `x-request-id`.
    public var requestID: String = ""
    /// The W3C trace id the request belongs to, echoed as `x-trace-id`.
    public var traceID: String = ""

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// The request id; Sextant's replaces Hummingbird's in the logger's metadata.
    public var id: String { requestID }
}
