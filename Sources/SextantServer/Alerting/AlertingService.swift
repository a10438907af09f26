import Foundation
import ServiceLifecycle
import Synchronization

/// A handle on the running alerting, for whoever drives it by hand (tests with a manual
/// clock) and for the API.
public final class AlertingHandle: Sendable {
    private let alerting = Mutex<Alerting?>(nil)

    public init() {}

    func attach(_ alerting: Alerting) {
        self.alerting.withLock { $0 = alerting }
    }

    /// Evaluates due rule groups and flushes due notification groups at the clock's time,
    /// returning when their deliveries are done.
    public func tick() async {
        guard let alerting = alerting.withLock({ $0 }) else { return }
        await alerting.tick()
    }
}

/// Ticks alerting on the leader every `interval`.
struct AlertingService: Service {
    let alerting: Alerting
    let interval: Duration
    let isLeader: @Sendable () -> Bool

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // A replica that takes over starts from what the store holds: the alerts every
                // replica received and the notification log of the previous leader.
                let leads = isLeader()
                alerting.setLeading(leads)
                if leads { await alerting.tick(waitingForFlushes: false) } else { await alerting.followerTick() }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
