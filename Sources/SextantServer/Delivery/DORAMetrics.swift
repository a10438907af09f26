import Foundation
import Logging
import SextantCore
import ServiceLifecycle
import Synchronization

/// DORA's figures over the last 30 days on `/metrics`, overall and per service, worked out
/// again every minute: `sextant_dora_deployments_per_day`, `sextant_dora_lead_time_seconds`,
/// `sextant_dora_change_failure_rate` and `sextant_dora_recovery_seconds`.
final class DORAMetrics: Service, Sendable {
    static let period: TimeInterval = 30 * 86_400
    let history: ReleaseHistory
    let clock: any WallClock
    let interval: TimeInterval
    let logger: Logger
    private let text = Mutex("")

    init(history: ReleaseHistory, clock: any WallClock, interval: TimeInterval = 60, logger: Logger) {
        self.history = history
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    var exposition: String { text.withLock { $0 } }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.refresh()
            for await _ in self.clock.ticks(every: self.interval) { await self.refresh() }
        }
    }

    func refresh() async {
        let to = clock.now(), from = to.addingTimeInterval(-Self.period)
        do {
            let outcomes = try await history.outcomes(of: try await history.deployments(since: from.addingTimeInterval(-Self.period), until: to))
            let pages = try await history.pages(since: from, until: to)
            var figures: [(labels: String, figures: DORAFigures)] = [
                ("", DORAFigures.of(outcomes, pages: pages, from: from, to: to, failureWindow: DeliveryController.defaultFailureWindow)),
            ]
            for service in Set(outcomes.map(\.service)).sorted() {
                figures.append(("{service=\(service.prometheusQuoted)}",
                                DORAFigures.of(outcomes.filter { $0.service == service }, pages: pages, from: from, to: to,
                                               failureWindow: DeliveryController.defaultFailureWindow)))
            }
            text.withLock { $0 = Self.render(figures) }
        } catch {
            logger.warning("working out DORA's figures failed", metadata: ["error": "\(error)"])
        }
    }

    static func render(_ figures: [(labels: String, figures: DORAFigures)]) -> String {
        let families: [(String, String, (DORAFigures) -> Double?)] = [
            ("sextant_dora_deployments_per_day", "Releases that reached production per day over the last 30 days.", { $0.deploymentsPerDay }),
            ("sextant_dora_lead_time_seconds", "Median commit-to-production time over the last 30 days.", { $0.leadTimeSeconds }),
            ("sextant_dora_change_failure_rate", "Failed releases over releases that took traffic, last 30 days.", { $0.changeFailureRate }),
            ("sextant_dora_recovery_seconds", "Median failed-deployment recovery time over the last 30 days.", { $0.recoverySeconds }),
        ]
        var text = ""
        for (name, help, value) in families {
            let lines = figures.compactMap { item in value(item.figures).map { "\(name)\(item.labels) \($0)\n" } }
            guard !lines.isEmpty else { continue }
            text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n" + lines.joined()
        }
        return text
    }
}
