/// One log line as queries see it: its stream's labels, when it happened, and its text.
public struct LogEntry: Sendable, Equatable {
    public var labels: LabelSet
    public var timestampNanos: Int64
    public var line: String

    public init(labels: LabelSet, timestampNanos: Int64, line: String) {
        self.labels = labels
        self.timestampNanos = timestampNanos
        self.line = line
    }
}
