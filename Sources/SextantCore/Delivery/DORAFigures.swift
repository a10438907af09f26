import Foundation

/// DORA's four figures over a period, each with its tier (nil when there is nothing to measure).
public struct DORAFigures: Sendable, Equatable {
    public var from: Date
    public var to: Date
    /// Releases that reached production in the period.
    public var deployments: Int
    public var deploymentsPerDay: Double
    /// The median, commit time to production, over every commit of those releases.
    public var leadTimeSeconds: Double?
    /// Failed releases over releases that took traffic.
    public var changeFailureRate: Double?
    public var failedChanges: Int
    /// The median, failure to recovery, over the failures that recovered.
    public var recoverySeconds: Double?
    public var tiers: [String: DORATiers.Tier]

    /// The figures of `releases` (and `pages`, for failures DORA counts beyond aborts) in
    /// `[from, to)`: a release that reached production counts once; it failed when it failed
    /// after taking traffic, or a page-severity alert on its service started within
    /// `failureWindow` after it reached production (before the next release did) and no root
    /// cause elsewhere explains it. It
    /// recovered when the traffic was back on the old version, or when that alert resolved. A
    /// page is the failure of the one release of its service in production when it started.
    public static func of(_ releases: [ReleaseOutcome], pages: [PageAlert], from: Date, to: Date, failureWindow: TimeInterval,
                          tiers: DORATiers = .edition2023) -> DORAFigures {
        let inPeriod = releases.filter { release in
            let at = release.deployedAt ?? release.failedAt ?? release.startedAt
            return at >= from && at < to
        }
        let deployed = inPeriod.filter { $0.deployedAt != nil }
        let days = max(to.timeIntervalSince(from) / 86_400, 1.0 / 24)
        let leadTimes = deployed.flatMap { release in release.commitTimes.map { release.deployedAt!.timeIntervalSince($0) } }.filter { $0 >= 0 }

        // A page belongs to the release of its service in production when it started: the
        // latest to reach production before it, if that was within the window.
        var pagedAt: [Int: PageAlert] = [:]
        for page in pages where !page.explainedElsewhere {
            let candidates = inPeriod.indices.filter { index in
                guard inPeriod[index].service == page.service, inPeriod[index].failedAt == nil, let deployedAt = inPeriod[index].deployedAt else { return false }
                return deployedAt <= page.startsAt && page.startsAt < deployedAt.addingTimeInterval(failureWindow)
            }
            guard let latest = candidates.max(by: { inPeriod[$0].deployedAt! < inPeriod[$1].deployedAt! }) else { continue }
            if let earlier = pagedAt[latest], earlier.startsAt <= page.startsAt { continue }
            pagedAt[latest] = page
        }
        var failures = 0
        var recoveries: [Double] = []
        // A release that took traffic: it reached production, or it failed after taking some.
        let tookTraffic = inPeriod.indices.filter { inPeriod[$0].deployedAt != nil || inPeriod[$0].failedAt != nil }
        for index in tookTraffic {
            let release = inPeriod[index]
            if let failedAt = release.failedAt {
                failures += 1
                if let recoveredAt = release.recoveredAt { recoveries.append(recoveredAt.timeIntervalSince(failedAt)) }
            } else if let page = pagedAt[index] {
                failures += 1
                if let resolvedAt = page.resolvedAt { recoveries.append(resolvedAt.timeIntervalSince(page.startsAt)) }
            }
        }
        var figures = DORAFigures(
            from: from, to: to, deployments: deployed.count, deploymentsPerDay: Double(deployed.count) / days,
            leadTimeSeconds: median(leadTimes), changeFailureRate: tookTraffic.isEmpty ? nil : Double(failures) / Double(tookTraffic.count),
            failedChanges: failures, recoverySeconds: median(recoveries), tiers: [:]
        )
        figures.tiers["deploymentFrequency"] = tiers.tier(deploymentsPerDay: figures.deploymentsPerDay)
        if let lead = figures.leadTimeSeconds { figures.tiers["leadTime"] = tiers.tier(leadTimeSeconds: lead) }
        if let rate = figures.changeFailureRate { figures.tiers["changeFailureRate"] = tiers.tier(changeFailureRate: rate) }
        if let recovery = figures.recoverySeconds { figures.tiers["recoveryTime"] = tiers.tier(recoverySeconds: recovery) }
        return figures
    }

    /// The median: the middle value, or the mean of the two middle ones.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
