import Foundation

/// A program run for every change, the facts in `SEXTANT_*` environment variables; exit status 0
/// is success. Its exit is its verification.
struct CommandTraffic: FactsRecipient {
    let path: String
    let arguments: [String]
    let timeout: Double

    func send(_ facts: TrafficFacts) async throws {
        var environment = ProcessInfo.processInfo.environment.filter { ["PATH", "HOME", "LANG", "TMPDIR"].contains($0.key) }
        environment["SEXTANT_DEPLOYMENT"] = facts.deployment
        environment["SEXTANT_SERVICE"] = facts.service
        environment["SEXTANT_VERSION"] = facts.version
        environment["SEXTANT_STABLE_VERSION"] = facts.stableVersion ?? ""
        environment["SEXTANT_PHASE"] = facts.phase
        environment["SEXTANT_STEP"] = String(facts.step)
        environment["SEXTANT_WEIGHT"] = String(facts.weight)
        environment["SEXTANT_ACTION"] = facts.action
        environment["SEXTANT_GENERATION"] = facts.generation
        environment["SEXTANT_INSTANCES"] = (facts.instances ?? []).joined(separator: " ")
        let outcome: ProgramRun.Outcome
        do {
            outcome = try await ProgramRun.run(path, arguments: arguments, environment: environment, timeout: timeout)
        } catch {
            throw TrafficError("\(path) could not be run: \(error)")
        }
        guard outcome.succeeded else { throw TrafficError("\(path) \(outcome.problem)") }
    }
}
