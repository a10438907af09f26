import Foundation
import SextantCore
import SextantStorage

/// Reads deployments as states and stores their events: an event is stored (with the status it
/// leads to) before anything acts on it, and only if no one else stored one first.
struct DeploymentLedger: Sendable {
    let store: any DeploymentStore
    let clock: any WallClock

    /// The deployment `id` as it stands, or `nil` when there is none.
    func state(of id: String) async throws -> DeploymentState? {
        guard let record = try await store.deployment(id: id) else { return nil }
        return try await state(of: record)
    }

    func state(of record: DeploymentRecord) async throws -> DeploymentState {
        try DeploymentState(record: record, events: try await store.events(of: record.id), measurements: try await store.measurements(of: record.id))
    }

    enum Outcome: Equatable {
        /// Stored: the machine changed.
        case stored
        /// The machine ignores the event where it stands: nothing was stored.
        case ignored
        /// Another writer stored an event first: read the deployment again.
        case conflict
    }

    /// Applies `event` to `state`'s machine at `now`, storing it when it changes anything
    /// (every event but a tick that changes nothing is a change: a person's action is kept).
    func apply(_ event: DeploymentMachine.Event, to state: inout DeploymentState, at time: Date) async throws -> Outcome {
        // The time as it is stored, so that a replay decides exactly as this did.
        let now = time.truncatedToMilliseconds
        guard var machine = state.machine else { return .ignored }
        var gates = state.gates
        guard DeploymentState.apply(event, to: &machine, gates: &gates, at: now) else { return .ignored }
        let status = machine.status(at: now, gates: gates)
        let text = try event.encoded()
        guard try await store.append(event: text, at: now, to: state.record.id, expectedCount: state.record.eventCount, status: status) else {
            return .conflict
        }
        state.applied(event, machine: machine, gates: gates, count: state.record.eventCount + 1, status: status)
        return .stored
    }
}
