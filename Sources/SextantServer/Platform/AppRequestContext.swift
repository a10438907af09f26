import Hummingbird
import SextantCore
import Logging
import NIOCore

/// The context of one API request: Hummingbird's core plus the ids Sextant logs and echoes.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// This request's id, echoed as `x-request-id`.
    public var requestID: String = ""
    /// The W3C trace id the request belongs to, echoed as `x-trace-id`.
    public var traceID: String = ""
    /// The key the request presented, once the access guard has accepted it.
    public var caller: APIKeyRecord?
    /// The web UI's session the request came with, when it was signed in by a cookie.
    var uiSession: UISessions.Session?
    /// Where the request came from, for the audit trail.
    public let remoteAddress: SocketAddress?
    /// How the request's body is read and decoded, within the configured size limit (set for
    /// every request by ``RequestBodyMiddleware``).
    var bodies = Self.defaultBodies

    /// The reader of a context no middleware has set one on, made once.
    private static let defaultBodies = RequestBodyReader(limit: ServerConfiguration().maximumBodySize)

    /// `request.decode(as:context:)` decodes strict JSON within the size limit, as the API's
    /// own reads do.
    public var requestDecoder: StrictJSONRequestDecoder { StrictJSONRequestDecoder(bodies: bodies) }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The request id; Sextant's replaces Hummingbird's in the logger's metadata.
    public var id: String { requestID }
}

extension AppRequestContext {
    /// Decodes the request's body as `T` from one of the `accepted` formats; see
    /// ``RequestBodyReader/decode(_:from:accepting:)``.
    func decode<T: Decodable>(_ type: T.Type, from request: Request, accepting accepted: [DocumentFormat] = [.json]) async throws -> T {
        try await bodies.decode(type, from: request, accepting: accepted)
    }

    /// The request's whole body, within the size limit.
    func body(of request: Request) async throws -> ByteBuffer {
        try await bodies.collect(request)
    }
}
