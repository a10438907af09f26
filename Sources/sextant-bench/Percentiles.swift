/// Summary figures of a set of durations, in milliseconds.
struct Percentiles {
    let count: Int
    let mean: Double
    let p50: Double
    let p99: Double
    let max: Double

    init(milliseconds samples: [Double]) {
        let sorted = samples.sorted()
        func at(_ quantile: Double) -> Double {
            sorted[Swift.min(sorted.count - 1, Int((Double(sorted.count) * quantile).rounded(.down)))]
        }
        self.count = sorted.count
        self.mean = sorted.reduce(0, +) / Double(sorted.count)
        self.p50 = at(0.50)
        self.p99 = at(0.99)
        self.max = sorted.last ?? 0
    }

    var summary: String {
        "n=\(count) mean=\(format(mean)) ms p50=\(format(p50)) ms p99=\(format(p99)) ms max=\(format(max)) ms"
    }
}

func format(_ value: Double, decimals: Int = 3) -> String {
    var multiplier = 1.0
    for _ in 0..<decimals { multiplier *= 10 }
    let rounded = (value * multiplier).rounded() / multiplier
    return String(rounded)
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15
    }
}
