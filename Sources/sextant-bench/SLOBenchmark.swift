import ArgumentParser
import Foundation
import SextantCore

/// `sextant-bench slo`: one full and one incremental evaluation cycle of many objectives.
struct SLOBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slo",
        abstract: "Evaluate many 30-day objectives from minute and hour buckets; print full and incremental cycle times."
    )

    @Option(help: "Objectives to evaluate.") var objectives = 10_000
    @Option(help: "Incremental cycles to time.") var cycles = 5
    @Option(help: "Seed of the synthetic traffic.") var seed: UInt64 = 7

    /// Buckets as the rollup store holds them at `now`: hour buckets beyond 8 days, minute
    /// buckets after, over the window plus nothing older.
    static func buckets(from: Int64, to: Int64, using random: inout SplitMix64) -> [EventBucket] {
        let minuteFrom = to - 8 * 86_400
        var result: [EventBucket] = []
        result.reserveCapacity(Int((minuteFrom - from) / 3_600 + (to - minuteFrom) / 60) + 2)
        var start = from
        while start < to {
            let length: Int64 = start < minuteFrom ? 3_600 : 60
            let total = Double(length) * (5 + Double(random.next() % 20))
            let bad = Double(random.next() % 1_000 == 0 ? Int(total / 10) : Int(random.next() % 3))
            result.append(EventBucket(start: start, length: length, good: total - bad, total: total))
            start += length
        }
        return result
    }

    func run() throws {
        var random = SplitMix64(seed: seed)
        let clock = ContinuousClock()
        let now = Date(timeIntervalSince1970: 1_793_577_600)
        let nowSeconds = Int64(now.timeIntervalSince1970)
        let slos = (0..<objectives).map { index in
            ServiceLevelObjective(
                service: "service-\(index % 2_000)", name: "objective-\(index)", objective: [99, 99.5, 99.9, 99.95][index % 4],
                indicator: .availability(.service, bad: .error)
            )
        }
        let from = nowSeconds - 30 * 86_400
        var series: [EventSeries] = []
        series.reserveCapacity(objectives)
        var bucketCount = 0
        var firing = 0
        var generation = Duration.zero
        let fullStart = clock.now
        for slo in slos {
            let generated = clock.now
            let buckets = Self.buckets(from: from, to: nowSeconds + 1, using: &random)
            generation += clock.now - generated
            bucketCount += buckets.count
            let built = EventSeries(buckets)
            let status = SLOCalculator.status(of: slo, series: built, at: now)
            firing += status.conditions.filter(\.isActive).count
            series.append(built)
        }
        let full = clock.now - fullStart
        print("objectives: \(objectives), \(bucketCount / objectives) buckets each (8 days of minutes, 22 days of hours)")
        print("full cycle: \(format((full - generation).milliseconds)) ms building series and evaluating "
            + "(+ \(format(generation.milliseconds)) ms generating synthetic buckets); \(firing) conditions active")

        var times: [Double] = []
        for cycle in 1...cycles {
            let at = now.addingTimeInterval(Double(cycle * 30))
            let atSeconds = Int64(at.timeIntervalSince1970)
            // As the evaluator does: re-read the last 5 minutes, forget what left the window.
            let fresh = (0..<objectives).map { _ in Self.buckets(from: atSeconds - 300 - (atSeconds % 60), to: atSeconds + 1, using: &random) }
            let started = clock.now
            var active = 0
            for index in series.indices {
                let rereadFrom = atSeconds - 300 - (atSeconds % 60)
                series[index].replace(from: rereadFrom, with: fresh[index])
                series[index].drop(before: atSeconds - 30 * 86_400)
                active += SLOCalculator.status(of: slos[index], series: series[index], at: at).conditions.filter(\.isActive).count
            }
            times.append((clock.now - started).milliseconds)
            _ = active
        }
        let sorted = times.sorted()
        print("incremental cycle: median \(format(sorted[sorted.count / 2])) ms, max \(format(sorted.last!)) ms over \(cycles) cycles")
        print("peak RSS: \(Self.peakResidentMiB()) MiB")
    }

    static func peakResidentMiB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1_024
    }
}
