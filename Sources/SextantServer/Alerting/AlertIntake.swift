import Foundation
import SextantCore
import SextantStorage

/// Takes alerts in, from the API and from rule evaluation: merged with what is held, stored
/// (concurrent posts share a commit), then held and routed.
struct AlertIntake: Sendable {
    let held: HeldAlerts
    let clock: any WallClock
    /// This process, as the writer of the alerts it receives.
    let writer: String
    /// Stores what is accepted, concurrent posts in one commit; a service of the application.
    let commits: GroupCommitter<[StoredAlert]>
    /// Whether each alert's SQL values are encoded as it is received (see ``AlertingStore/writesAlertsAsLiterals``).
    let asLiterals: Bool

    init(held: HeldAlerts, store: any AlertingStore, sharesStore: Bool, clock: any WallClock, writer: String = UUID().uuidString) {
        self.held = held
        self.clock = clock
        self.writer = writer
        asLiterals = store.writesAlertsAsLiterals
        // A shared (PostgreSQL) store takes two commits at once: each is a round trip.
        commits = GroupCommitter(empty: [], writers: sharesStore ? 2 : 1) { [store] alerts in try await store.putAlerts(alerts) }
    }

    /// Stores and routes `alerts`. New alerts beyond ``Limits/alertsHeld`` are refused; returns
    /// how many. Throws, having changed nothing, when they cannot be stored.
    @discardableResult
    func accept(_ alerts: [Alert]) async throws -> Int {
        guard !alerts.isEmpty else { return 0 }
        let (merged, leading, refused) = held.admit(alerts)
        guard !merged.isEmpty else { return refused }
        // Encoding and routing need no lock: only the shared commit and the inserts are serial.
        // A follower routes nothing.
        let placements = leading ? merged.map { AlertDispatcher.placements(of: $0.labels, in: held.routing) } : []
        let stored = merged.map { StoredAlert($0, writtenBy: writer, asLiterals: asLiterals) }
        try await commits.commit { $0 += stored }
        held.keep(merged, placements: placements, at: clock.now())
        return refused
    }
}
