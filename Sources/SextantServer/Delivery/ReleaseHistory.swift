import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// Deployments as releases: what DORA counts and what "what changed" lists, read from the
/// stored deployments (driven ones replayed for when they succeeded, failed and recovered).
struct ReleaseHistory: Sendable {
    /// The most deployments one question reads.
    static let maximumDeployments = 10_000

    let ledger: DeploymentLedger
    let catalog: any CatalogStore
    let alerting: any AlertingStore

    /// Deployments created in `[since, until)`, oldest first.
    func deployments(since: Date, until: Date) async throws -> [DeploymentRecord] {
        try await ledger.store.deployments(matching: DeploymentQuery(since: since, until: until, limit: Self.maximumDeployments)).reversed()
    }

    /// The change each deployment is.
    static func change(of record: DeploymentRecord) -> Change {
        Change(service: record.service, version: record.version, deployment: record.id,
               phase: record.status.rolledBack ? "rolled back" : record.status.phase, startedAt: record.createdAt,
               finishedAt: record.status.finishedAt, by: record.createdBy)
    }

    /// The changes under way or finished since `since` (deployments created up to a day before it count).
    func changes(since: Date, until: Date) async throws -> [Change] {
        try await deployments(since: since.addingTimeInterval(-86_400), until: until).map(Self.change).filter { change in
            change.finishedAt.map { $0 >= since } ?? true
        }
    }

    /// Each deployment as DORA counts it.
    func outcomes(of records: [DeploymentRecord]) async throws -> [ReleaseOutcome] {
        let owners = Dictionary(try await catalog.snapshot().components.map { ($0.name, $0.owner) }, uniquingKeysWith: { first, _ in first })
        var outcomes: [ReleaseOutcome] = []
        for record in records {
            let state: DeploymentState
            do {
                state = try await ledger.state(of: record)
            } catch {
                continue  // unreadable: counted by the store, left out here
            }
            let commits = state.resolved.commits.map(\.time)
            var outcome = ReleaseOutcome(service: record.service, owner: owners[record.service], startedAt: record.createdAt, deployedAt: nil,
                                         commitTimes: commits)
            switch state.machine {
            case .canary(let machine)?:
                outcome.deployedAt = machine.succeededAt
                if machine.tookTraffic, let abortedAt = machine.abortedAt {
                    outcome.failedAt = abortedAt
                    outcome.recoveredAt = machine.rolledBackAt
                }
            case .rolling(let machine)?:
                outcome.deployedAt = machine.succeededAt
                if machine.tookTraffic, let abortedAt = machine.abortedAt {
                    outcome.failedAt = abortedAt
                    outcome.recoveredAt = machine.rolledBackAt
                }
            case nil:
                // A recorded release: it reached production, or failed there.
                if record.status.phase == "failed" {
                    outcome.failedAt = record.status.finishedAt
                } else {
                    outcome.deployedAt = record.status.finishedAt
                }
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Page-severity alerts on services, from the notifications sent: a notification sent was
    /// not inhibited, so no root cause elsewhere explains it.
    func pages(since: Date, until: Date) async throws -> [PageAlert] {
        let sent = try await alerting.notifications(NotificationQuery(outcome: "sent", since: since, until: until, limit: 10_000))
            .sorted { $0.sentAt < $1.sentAt }
        var open: [String: PageAlert] = [:]
        var pages: [PageAlert] = []
        for notification in sent {
            for alert in notification.alerts where alert.labels["severity"] == "page" {
                guard let service = alert.labels["service"] else { continue }
                if alert.status == "firing", open[alert.fingerprint] == nil {
                    open[alert.fingerprint] = PageAlert(service: service, startsAt: notification.sentAt, resolvedAt: nil)
                } else if alert.status == "resolved", var page = open.removeValue(forKey: alert.fingerprint) {
                    page.resolvedAt = notification.sentAt
                    pages.append(page)
                }
            }
        }
        return pages + open.values
    }
}
