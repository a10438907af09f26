/// A rolling release: the instances, taken a batch at a time.
public struct RollingPlan: Sendable, Equatable {
    public static let maximumInstances = 1_000

    public let instances: [String]
    public let batchSize: Int

    public init(instances: [String], batchSize: Int) {
        self.instances = instances
        self.batchSize = max(1, batchSize)
    }

    /// The batch size `percent` of `count` instances makes: rounded up, at least one.
    public static func batchSize(percent: Double, of count: Int) -> Int {
        max(1, Int((Double(count) * percent / 100).rounded(.up)))
    }

    /// The instances in batches, in order.
    public var batches: [[String]] {
        stride(from: 0, to: instances.count, by: batchSize).map { Array(instances[$0..<min($0 + batchSize, instances.count)]) }
    }
}
