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
