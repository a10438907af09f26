/// Everything a set of spans adds to the store: 1-minute rollups per operation and per edge.
/// Deltas add up, so concurrent requests merge theirs into one write.
public struct RollupDelta: Sendable, Equatable {
    /// The bucket width of raw rollups, in seconds.
    public static let minute: Int64 = 60

    public var operations: [OperationKey: OperationRollup] = [:]
    public var edges: [EdgeKey: EdgeRollup] = [:]
    /// 1-minute rollups of the requests each version of a service served (its server and
    /// consumer spans that carry a `service.version`).
    public var versions: [VersionKey: OperationRollup] = [:]
    /// The same requests per operation.
    public var versionOperations: [VersionOperationKey: OperationRollup] = [:]
    /// How many spans went into `operations`.
    public var spanCount = 0

    /// An empty delta.
    public init() {}

    /// An empty delta with room for about this many operation and edge buckets, so that filling
    /// it does not rehash.
    public init(expectedOperations: Int, expectedEdges: Int) {
        operations.reserveCapacity(expectedOperations)
        edges.reserveCapacity(expectedEdges)
        // Versions come from server and consumer spans only, about half.
        versionOperations.reserveCapacity(expectedOperations / 2)
    }

    /// Whether there is nothing to write.
    public var isEmpty: Bool { operations.isEmpty && edges.isEmpty && versions.isEmpty }

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
        if let version = span.version, span.kind == .server || span.kind == .consumer {
            versions[VersionKey(service: span.service, version: version, bucket: bucket), default: OperationRollup()].add(span)
            versionOperations[VersionOperationKey(service: span.service, version: version, operation: span.name, kind: span.kind, bucket: bucket),
                              default: OperationRollup()].add(span)
        }
    }

    /// Counts a call in its edge's bucket.
    public mutating func record(_ edge: EdgeObservation, bucket: Int64) {
        let key = EdgeKey(client: edge.client, server: edge.server, connectionType: edge.connectionType, bucket: bucket)
        edges[key, default: EdgeRollup()].add(edge)
    }

    /// How many buckets the delta holds.
    var bucketCount: Int { operations.count + edges.count + versions.count + versionOperations.count }

    /// Adds another delta: the smaller into the larger (an empty one takes the other whole),
    /// since adding is the same either way.
    public mutating func merge(_ other: RollupDelta) {
        guard other.bucketCount <= bucketCount else {
            var larger = other
            larger.add(self)
            self = larger
            return
        }
        add(other)
    }

    private mutating func add(_ other: RollupDelta) {
        for (key, rollup) in other.operations { operations[key, default: OperationRollup()].merge(rollup) }
        for (key, rollup) in other.edges { edges[key, default: EdgeRollup()].merge(rollup) }
        for (key, rollup) in other.versions { versions[key, default: OperationRollup()].merge(rollup) }
        for (key, rollup) in other.versionOperations { versionOperations[key, default: OperationRollup()].merge(rollup) }
        spanCount += other.spanCount
    }
}
