import Foundation

/// The facts of a traffic change, as a provider tells its peer.
struct TrafficFacts: Sendable, Codable, Equatable {
    var deployment: String
    var service: String
    var version: String
    var stableVersion: String?
    var phase: String
    var step: Int
    var weight: Int
    /// `setWeight`; `retire` once the old side is no longer needed; `drain` or `enable` for the
    /// instances of a rolling release.
    var action: String
    /// The instances a rolling release acts on.
    var instances: [String]?
    /// Changes with every configuration written, so that a peer can tell one from the next.
    var generation: String
}

/// Moves a service's traffic between its stable and new versions.
protocol TrafficProvider: Sendable {
    /// Sends `facts.weight` percent of the traffic to the new version; throws what went wrong,
    /// with everything as it was before when it could not be applied.
    func setWeight(_ facts: TrafficFacts) async throws
    /// Returns once the weight just set is serving; throws when it cannot be seen to.
    func verifyWeight(_ facts: TrafficFacts) async throws
    /// The old side is no longer needed (after a blue-green switch and its delay).
    func retire(_ facts: TrafficFacts) async throws
    /// Takes `facts.instances` out of the traffic (`drain`) or puts them back (`enable`), and
    /// returns once that serves; `servers` are every instance's `host:port`, `down` those out
    /// of the traffic after the change.
    func route(_ facts: TrafficFacts, servers: [String], down: Set<String>) async throws
}

/// A traffic change that did not happen, in words for the deployment's events.
struct TrafficError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A provider that tells a peer every change by sending it the facts (a webhook, a program):
/// the peer's answer is the verification.
protocol FactsRecipient: TrafficProvider {
    func send(_ facts: TrafficFacts) async throws
}

extension FactsRecipient {
    func setWeight(_ facts: TrafficFacts) async throws { try await send(facts) }
    func verifyWeight(_ facts: TrafficFacts) async throws {}
    func retire(_ facts: TrafficFacts) async throws { try await send(facts) }
    func route(_ facts: TrafficFacts, servers: [String], down: Set<String>) async throws { try await send(facts) }
}
