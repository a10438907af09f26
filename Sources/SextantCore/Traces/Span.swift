/// The parts of an OpenTelemetry span that Sextant uses: identity, timing, outcome and the few
/// attributes that name a peer; the whole encoded span only when span storage asks for it.
public struct Span: Sendable, Equatable {
    /// A reference from one span to another, used to follow messages across traces.
    public struct Link: Sendable, Equatable {
        public var traceID: TraceID
        public var spanID: SpanID

        public init(traceID: TraceID, spanID: SpanID) {
            self.traceID = traceID
            self.spanID = spanID
        }
    }

    public var traceID: TraceID
    public var spanID: SpanID
    /// The parent span, or ``SpanID/none`` for a root span.
    public var parentSpanID: SpanID
    /// `service.name` of the span's resource.
    public var service: String
    /// `service.version` of the span's resource, if any.
    public var version: String?
    /// The span's name: the operation.
    public var name: String
    public var kind: SpanKind
    public var startNanos: UInt64
    public var endNanos: UInt64
    /// Whether the span's status is ERROR.
    public var isError: Bool
    /// `http.response.status_code` (or the older `http.status_code`), if any.
    public var httpStatusCode: Int?
    /// `peer.service`.
    public var peerService: String?
    /// `server.address` (or the older `net.peer.name`).
    public var serverAddress: String?
    /// `db.system` (or `db.system.name`).
    public var databaseSystem: String?
    /// `db.namespace`.
    public var databaseNamespace: String?
    /// `db.name`.
    public var databaseName: String?
    /// `messaging.system`.
    public var messagingSystem: String?
    public var links: [Link]
    /// The span as its export request encoded it (an OTLP `Span` message; a slice of one copy of
    /// its batch, shared by the batch's spans) and its batch's resource and scope: present only
    /// when span storage keeps raw spans.
    public var payload: ArraySlice<UInt8>?
    public var origin: SpanOrigin?

    /// Creates a span.
    public init(
        traceID: TraceID, spanID: SpanID, parentSpanID: SpanID = .none, service: String, name: String, kind: SpanKind,
        startNanos: UInt64, endNanos: UInt64, isError: Bool = false, httpStatusCode: Int? = nil,
        peerService: String? = nil, serverAddress: String? = nil, databaseSystem: String? = nil,
        databaseNamespace: String? = nil, databaseName: String? = nil, messagingSystem: String? = nil, links: [Link] = []
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.service = service
        self.name = name
        self.kind = kind
        self.startNanos = startNanos
        self.endNanos = endNanos
        self.isError = isError
        self.httpStatusCode = httpStatusCode
        self.peerService = peerService
        self.serverAddress = serverAddress
        self.databaseSystem = databaseSystem
        self.databaseNamespace = databaseNamespace
        self.databaseName = databaseName
        self.messagingSystem = messagingSystem
        self.links = links
    }

    /// The span's duration in seconds (zero if the clock went backwards).
    public var durationSeconds: Double {
        endNanos > startNanos ? Double(endNanos - startNanos) / 1e9 : 0
    }

    /// Whether the span calls a database: a CLIENT span with a database attribute.
    public var isDatabaseCall: Bool {
        kind == .client && (databaseSystem != nil || databaseNamespace != nil || databaseName != nil)
    }

    /// The answer was an HTTP server error (5xx).
    public var isHTTPServerError: Bool {
        (httpStatusCode ?? 0) >= 500
    }

    /// The uninstrumented peer a CLIENT or PRODUCER span talks to: `peer.service`, then
    /// `server.address`, then (for messaging) `messaging.system`.
    public var virtualPeer: String? {
        peerService ?? serverAddress ?? (kind == .producer ? messagingSystem : nil)
    }

    /// The database a database call reaches: `peer.service`, then `server.address`, then
    /// `db.system`, `db.namespace`, `db.name`.
    public var databasePeer: String? {
        peerService ?? serverAddress ?? databaseSystem ?? databaseNamespace ?? databaseName
    }
}
