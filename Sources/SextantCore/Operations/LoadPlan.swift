import Foundation

/// `sextant loadgen`'s plan: phases of a steady request rate, each for a while, driven open-loop
/// (request `n` of a phase is due `n / rate` seconds after the phase began) with at most
/// `concurrency` requests in flight; when every slot is busy the next request waits for one, so
/// the achieved rate shows how far the target kept up.
public struct LoadPlan: Sendable, Equatable {
    /// One phase.
    public struct Phase: Sendable, Equatable {
        public var name: String
        /// Requests per second.
        public var rate: Double
        /// Seconds.
        public var duration: Double

        public init(name: String, rate: Double, duration: Double) {
            self.name = name
            self.rate = rate
            self.duration = duration
        }

        /// How many requests the phase sends.
        public var requestCount: Int { Int((rate * duration).rounded(.down)) }

        /// When request `index` is due, in seconds after the phase began.
        public func dueTime(of index: Int) -> Double { Double(index) / rate }
    }

    /// Bounds on what a plan may ask for.
    public static let rates = 0.1...100_000.0
    public static let durations = 1.0...86_400.0
    public static let concurrencies = 1...10_000

    public var phases: [Phase]
    public var concurrency: Int

    /// A normal phase, then a spike unless its rate is 0; each value within its bound, or a
    /// ``ValidationError`` naming the flag.
    public init(normalRate: Double, normalDuration: Double, spikeRate: Double, spikeDuration: Double, concurrency: Int) throws {
        func check(_ value: Double, in range: ClosedRange<Double>, _ field: String) throws {
            guard range.contains(value) else {
                throw ValidationError(code: "out_of_range", message: "--\(field) must be between \(Self.text(range.lowerBound)) and \(Self.text(range.upperBound)), not \(Self.text(value))", field: field)
            }
        }
        try check(normalRate, in: Self.rates, "rate")
        try check(normalDuration, in: Self.durations, "duration")
        guard Self.concurrencies.contains(concurrency) else {
            throw ValidationError(code: "out_of_range", message: "--concurrency must be between 1 and 10000, not \(concurrency)", field: "concurrency")
        }
        phases = [Phase(name: "normal", rate: normalRate, duration: normalDuration)]
        if spikeRate != 0 {
            try check(spikeRate, in: Self.rates, "spike-rate")
            try check(spikeDuration, in: Self.durations, "spike-duration")
            phases.append(Phase(name: "spike", rate: spikeRate, duration: spikeDuration))
        }
        self.concurrency = concurrency
    }

    private static func text(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }
}

/// What one phase measured: counts, throughput and latency quantiles.
public struct LoadPhaseReport: Sendable, Equatable, Codable {
    public var phase: String
    public var targetRate: Double
    public var seconds: Double
    /// Answered with a 2xx.
    public var succeeded: Int
    /// Answered with another status.
    public var failed: Int
    /// Not answered: refused, reset, timed out.
    public var errors: Int
    /// Answered requests per second.
    public var throughput: Double
    /// Latency of answered requests, in milliseconds.
    public var p50: Double?
    public var p90: Double?
    public var p99: Double?
    public var max: Double?
    /// Statuses that were not 2xx, with their counts.
    public var statuses: [String: Int]

    /// The report of a phase that took `seconds` and whose answered requests took `latencies`
    /// milliseconds (nearest-rank quantiles).
    public init(phase: LoadPlan.Phase, seconds: Double, latencies: [Double], succeeded: Int, statuses: [Int: Int], errors: Int) {
        self.phase = phase.name
        self.targetRate = phase.rate
        self.seconds = seconds
        self.succeeded = succeeded
        self.failed = statuses.values.reduce(0, +)
        self.errors = errors
        self.throughput = seconds > 0 ? Double(latencies.count) / seconds : 0
        let sorted = latencies.sorted()
        func quantile(_ q: Double) -> Double? {
            guard !sorted.isEmpty else { return nil }
            let rank = Int((q * Double(sorted.count)).rounded(.up))
            return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
        }
        p50 = quantile(0.5)
        p90 = quantile(0.9)
        p99 = quantile(0.99)
        max = sorted.last
        self.statuses = Dictionary(uniqueKeysWithValues: statuses.map { (String($0.key), $0.value) })
    }
}
