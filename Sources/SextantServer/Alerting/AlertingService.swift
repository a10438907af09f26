import Foundation
import ServiceLifecycle
import Synchronization

/// Ticks alerting every `interval` of its clock: on the leader a full tick, on a follower one
/// that only keeps its alerts current. Flushes run beside the ticks (a slow receiver does not
/// hold up the next one); on graceful shutdown the ticks stop and the flushes under way finish.
struct AlertingService: Service {
    let alerting: Alerting
    let interval: TimeInterval
    let isLeader: @Sendable () -> Bool

    func run() async throws {
        let stopping = Atomic(false)
        let shutdown = Wakeup()
        // Discarding: a flush that ended is not kept until the service stops.
        await withDiscardingTaskGroup { flushes in
            await withGracefulShutdownHandler {
                while !stopping.load(ordering: .acquiring) && !Task.isCancelled {
                    // A replica that takes over starts from what the store holds: the alerts every
                    // replica received and the notification log of the previous leader.
                    let leads = isLeader()
                    alerting.setLeading(leads)
                    if leads { await alerting.tick(flushingIn: &flushes) } else { await alerting.followerTick() }
                    await shutdown.wait(until: alerting.clock.now().addingTimeInterval(interval), on: alerting.clock)
                }
            } onGracefulShutdown: {
                stopping.store(true, ordering: .releasing)
                shutdown.signal()
            }
        }
    }
}
