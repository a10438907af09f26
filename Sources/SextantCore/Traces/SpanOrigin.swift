/// Where a span came from, as its export request encoded it: the OTLP `Resource` and
/// `InstrumentationScope` messages of its batch, shared by every span of the batch. Kept only
/// while span storage is on, so that a kept trace is stored as OTLP without re-encoding it.
public final class SpanOrigin: Sendable, Equatable {
    /// The encoded `Resource` message.
    public let resource: [UInt8]
    /// The encoded `InstrumentationScope` message (empty when the batch had none).
    public let scope: [UInt8]

    public init(resource: [UInt8], scope: [UInt8]) {
        self.resource = resource
        self.scope = scope
    }

    public static func == (left: SpanOrigin, right: SpanOrigin) -> Bool {
        left === right || (left.resource == right.resource && left.scope == right.scope)
    }
}
