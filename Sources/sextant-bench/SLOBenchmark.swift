import ArgumentParser
import Foundation
import SextantCore
import SextantWorkloads

/// `sextant-bench slo`: one full and several incremental evaluation cycles of many objectives,
/// done as the evaluator does them — one series per service and indicator shared by the
/// objectives on it, minutes merged into hours where no window's edge needs them
/// (`SLOResolution`), series changed in place — with synthetic buckets instead of store reads.
struct SLOBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slo",
        abstract: "Evaluate many 30-day objectives from minute and hour buckets; print full and incremental cycle times."
    )

    @Option(help: "Objectives to evaluate.") var objectives = 10_000
    @Option(help: "Services they are spread over (each gets availability, 5xx and two latency indicators).") var services = 1_000
    @Option(help: "Incremental cycles to time (every 30 s of synthetic time).") var cycles = 10
    @Option(help: "Seed of the synthetic traffic.") var seed: UInt64 = 7
    @Flag(help: "Give every objective a series of its own, as before series were shared.") var unshared = false
    @Flag(help: "Keep every minute the rollups hold, as before series were coarsened.") var everyMinute = false

    /// The indicators of a service's objectives, by the objective's place among them.
    static let indicators: [SLOIndicator] = [
        .availability(.service, bad: .error), .availability(.service, bad: .error), .availability(.service, bad: .error),
        .availability(.service, bad: .error), .availability(.service, bad: .http5xx), .availability(.service, bad: .http5xx),
        .latency(.service, thresholdSeconds: 0.3), .latency(.service, thresholdSeconds: 0.3), .latency(.service, thresholdSeconds: 1),
        .latency(.service, thresholdSeconds: 1),
    ]

    struct Held {
        var members: [ServiceLevelObjective]
        var series: EventSeries
        /// The hour the series was last readied in.
        var readied: Int64
    }

    func run() throws {
        var random = SplitMix64(seed: seed)
        let clock = ContinuousClock()
        // Two minutes before an hour, so that the cycles after it (each series merging its
        // oldest hour of minutes in its own minute) are timed too.
        let now = Date(timeIntervalSince1970: 1_793_577_600 - 120)
        let nowSeconds = Int64(now.timeIntervalSince1970)
        let retention = RollupRetention().minuteRetention
        let slos = (0..<objectives).map { index in
            ServiceLevelObjective(
                service: "service-\(index % services)", name: "objective-\(index)", objective: [99, 99.5, 99.9, 99.95][(index / services) % 4],
                indicator: Self.indicators[(index / services) % Self.indicators.count]
            )
        }
        let groups: [[ServiceLevelObjective]] = unshared
            ? slos.map { [$0] }
            : Array(Dictionary(grouping: slos) { "\($0.service)\u{0}\($0.indicator)" }.values)
        func needs(_ members: [ServiceLevelObjective], at now: Int64) -> MinuteHours {
            everyMinute ? MinuteHours(since: .min) : members.map {
                SLOResolution.minuteHours(for: $0, from: now, through: now + SLOResolution.lookahead, minuteRetention: retention)
            }.reduce(MinuteHours.none) { $0.union($1) }
        }
        func earliest(at now: Int64) -> Int64 { RollupRetention.hourBucket(now - 30 * 86_400) }

        var held: [Held] = []
        held.reserveCapacity(groups.count)
        var bucketCount = 0
        var firing = 0
        var generation = Duration.zero
        let fullStart = clock.now
        for members in groups {
            let generated = clock.now
            let buckets = SyntheticBuckets.objective(from: earliest(at: nowSeconds), to: nowSeconds + 1, using: &random)
            generation += clock.now - generated
            let series = EventSeries(buckets, keeping: needs(members, at: nowSeconds))
            bucketCount += series.count
            for slo in members { firing += SLOCalculator.status(of: slo, series: series, at: now).conditions.filter(\.isActive).count }
            held.append(Held(members: members, series: series, readied: RollupRetention.hourBucket(nowSeconds)))
        }
        let full = clock.now - fullStart
        print("objectives: \(objectives) over \(services) services; \(held.count) series held, \(bucketCount / max(1, held.count)) buckets each"
              + " (30 days: minutes for the last 8 read, \(everyMinute ? "all kept" : "merged into hours where no window's edge needs them"))")
        print("full cycle: \(format((full - generation).milliseconds)) ms building series and evaluating "
            + "(+ \(format(generation.milliseconds)) ms generating synthetic buckets); \(firing) conditions active")

        var times: [Double] = []
        for cycle in 1...cycles {
            let at = now.addingTimeInterval(Double(cycle * 30))
            let atSeconds = Int64(at.timeIntervalSince1970)
            let rereadFrom = atSeconds - 300 - (atSeconds % 60)
            // As the evaluator does: re-read the last 5 minutes, forget what left the window.
            let fresh = held.indices.map { _ in SyntheticBuckets.objective(from: rereadFrom, to: atSeconds + 1, using: &random) }
            // And, once an hour, the hours the windows' starts move into, as minutes.
            let hour = RollupRetention.hourBucket(atSeconds)
            let readying = held.indices.filter { SLOResolution.readies(phase: $0 % 60, at: atSeconds) && held[$0].readied < hour }
            let hoursSplit = readying.map { index in
                held[index].series.hoursHeldWhole(where: needs(held[index].members, at: atSeconds), from: hour - retention).map { hour in
                    (hour, SyntheticBuckets.objective(from: hour, to: hour + 3_600, using: &random))
                }
            }
            let started = clock.now
            var active = 0
            for index in held.indices {
                held[index].series.replace(from: rereadFrom, with: fresh[index])
                held[index].series.drop(before: earliest(at: atSeconds))
            }
            for (index, hours) in zip(readying, hoursSplit) {
                held[index].series.coarsen(keeping: needs(held[index].members, at: atSeconds))
                for (hour, minutes) in hours { held[index].series.replace(from: hour, to: hour + 3_600, with: minutes) }
                held[index].readied = hour
            }
            for index in held.indices {
                for slo in held[index].members {
                    active += SLOCalculator.status(of: slo, series: held[index].series, at: at).conditions.filter(\.isActive).count
                }
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
