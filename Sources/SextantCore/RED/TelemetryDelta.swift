/// Rate, errors and duration of one operation (or one edge) in one time bucket.
public struct OperationRollup: Sendable, Equatable {
    /// Spans counted.
    public var requests: Int64 = 0
    /// Spans whose status was ERROR.
    public var errors: Int64 = 0
    /// Spans that answered an HTTP 5xx.
    public var serverErrors: Int64 = 0
    /// Their durations.
    public var latency = LatencyHistogram()

    /// An empty rollup.
    public init() {}

    /// A rollup with the given figures.
    public init(requests: Int64, errors: Int64, serverErrors: Int64, latency: LatencyHistogram) {
        self.requests = requests
        self.errors = errors
        self.serverErrors = serverErrors
        self.latency = latency
    }

    /// Adds another rollup's figures.
    public mutating func merge(_ other: OperationRollup) {
        requests += other.requests
        errors += other.errors
        serverErrors += other.serverErrors
        latency.merge(other.latency)
    }
}

/// Calls along one edge in one time bucket, with the latency seen from each side.
public struct EdgeRollup: Sendable, Equatable {
    /// Calls counted.
    public var requests: Int64 = 0
    /// Calls where either side failed.
    public var errors: Int64 = 0
    /// Durations of server spans (only calls whose server was seen).
    public var serverLatency = LatencyHistogram()
    /// Durations of client spans (only calls whose client was seen).
    public var clientLatency = LatencyHistogram()

    /// An empty rollup.
    public init() {}

    /// A rollup with the given figures.
    public init(requests: Int64, errors: Int64, serverLatency: LatencyHistogram, clientLatency: LatencyHistogram) {
        self.requests = requests
        self.errors = errors
        self.serverLatency = serverLatency
        self.clientLatency = clientLatency
    }

    /// Adds another rollup's figures.
    public mutating func merge(_ other: EdgeRollup) {
        requests += other.requests
        errors += other.errors
        serverLatency.merge(other.serverLatency)
        clientLatency.merge(other.clientLatency)
    }

    /// The latency to report for the edge: the server's view when it was seen, else the client's.
    public var latency: LatencyHistogram {
        serverLatency.count > 0 ? serverLatency : clientLatency
    }
}

/// Identifies an operation's bucket: service, span name, span kind and bucket start.
public struct OperationKey: Hashable, Sendable {
    public var service: String
    public var operation: String
    public var kind: SpanKind
    /// Start of the bucket, in seconds since 1970.
    public var bucket: Int64

    public init(service: String, operation: String, kind: SpanKind, bucket: Int64) {
        self.service = service
        self.operation = operation
        self.kind = kind
        self.bucket = bucket
    }
}

/// Identifies an edge's bucket.
public struct EdgeKey: Hashable, Sendable {
    public var client: String
    public var server: String
    public var connectionType: ConnectionType
    /// Start of the bucket, in seconds since 1970.
    public var bucket: Int64

    public init(client: String, server: String, connectionType: ConnectionType, bucket: Int64) {
        self.client = client
        self.server = server
        self.connectionType = connectionType
        self.bucket = bucket
    }
}

/// Everything a set of spans adds to the store: 1-minute rollups per operation and per edge.
/// Deltas add up, so concurrent requests merge theirs into one write.
public struct TelemetryDelta: Sendable, Equatable {
    /// The bucket width of raw rollups, in seconds.
    public static let minute: Int64 = 60

    public var operations: [OperationKey: OperationRollup] = [:]
    public var edges: [EdgeKey: EdgeRollup] = [:]
    /// How many spans went into `operations`.
    public var spanCount = 0

    /// An empty delta.
    public init() {}

    /// An empty delta with room for about this many operation and edge buckets, so that filling
    /// it does not rehash.
    public init(expectedOperations: Int, expectedEdges: Int) {
        operations.reserveCapacity(expectedOperations)
        edges.reserveCapacity(expectedEdges)
    }

    /// Whether there is nothing to write.
    public var isEmpty: Bool { operations.isEmpty && edges.isEmpty }

    /// The start of the minute `seconds` falls in.
    public static func minuteBucket(_ seconds: Double) -> Int64 {
        let whole = Int64(seconds.rounded(.down))
        return whole - ((whole % minute) + minute) % minute
    }

    /// Counts a span in its operation's bucket.
    public mutating func record(_ span: Span, bucket: Int64) {
        let key = OperationKey(service: span.service, operation: span.name, kind: span.kind, bucket: bucket)
        operations[key, default: OperationRollup()].add(span)
        spanCount += 1
    }

    /// Counts a call in its edge's bucket.
    public mutating func record(_ edge: EdgeObservation, bucket: Int64) {
        let key = EdgeKey(client: edge.client, server: edge.server, connectionType: edge.connectionType, bucket: bucket)
        edges[key, default: EdgeRollup()].add(edge)
    }

    /// Adds another delta.
    public mutating func merge(_ other: TelemetryDelta) {
        for (key, rollup) in other.operations { operations[key, default: OperationRollup()].merge(rollup) }
        for (key, rollup) in other.edges { edges[key, default: EdgeRollup()].merge(rollup) }
        spanCount += other.spanCount
    }
}

extension OperationRollup {
    fileprivate mutating func add(_ span: Span) {
        requests += 1
        if span.isError { errors += 1 }
        if span.isHTTPServerError { serverErrors += 1 }
        latency.record(span.durationSeconds)
    }
}

extension EdgeRollup {
    fileprivate mutating func add(_ edge: EdgeObservation) {
        requests += 1
        if edge.isFailed { errors += 1 }
        if let seconds = edge.serverSeconds { serverLatency.record(seconds) }
        if let seconds = edge.clientSeconds { clientLatency.record(seconds) }
    }
}
