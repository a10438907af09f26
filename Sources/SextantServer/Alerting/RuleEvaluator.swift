import Foundation
import Logging
import SextantCore
import SextantStorage

/// Evaluates the rule groups that are due: reads each rule's samples, lets
/// ``RuleGroupEvaluation`` decide, stores the rules' states and hands their alerts to intake.
struct RuleEvaluator: Sendable {
    let registry: RuleRegistry
    let source: RuleSampleSource
    let store: any AlertingStore
    let intake: AlertIntake
    let externalURL: String
    let logger: Logger

    /// Evaluates every group due at `now`, one after the other.
    func evaluateDueGroups(at now: Date) async {
        let due = registry.beginDueEvaluations(at: now)
        guard !due.isEmpty else { return }
        // Each rule's read folds for itself if this fold fails.
        let source = (try? await self.source.folded()) ?? self.source
        for (group, previous, written) in due { await evaluate(group, previous: previous, written: written, at: now, from: source) }
    }

    private func evaluate(
        _ group: RuleGroup, previous: [String: [UInt64: RuleAlert]], written: RuleAlertRecording.WrittenStates, at now: Date, from source: RuleSampleSource
    ) async {
        let started = ContinuousClock.now
        var results: [Result<[RuleSample], any Error>] = []
        for rule in group.rules {
            do { results.append(.success(try await source.samples(of: rule.expression, at: now))) } catch { results.append(.failure(error)) }
        }
        let generatorURL = "\(externalURL)/api/v1/rules?group=\(group.name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? group.name)"
        let evaluation = RuleGroupEvaluation.evaluate(group, results: results, previous: previous, at: now, generatorURL: generatorURL)
        for rule in group.rules {
            guard let error = evaluation.health[rule.name]?.lastError else { continue }
            logger.warning("rule evaluation failed", metadata: ["rule.group": "\(group.name)", "rule": "\(rule.name)", "error": "\(error)"])
        }
        // Only the states that changed are written (see RuleAlertRecording).
        let changes = RuleAlertRecording.changes(from: written, to: evaluation.alerts, at: now)
        var saved: RuleAlertRecording.Changes?
        do {
            try await store.saveRuleAlertChanges(group: group.name, changes)
            saved = changes
        } catch {
            logger.error("cannot save rule states", metadata: ["rule.group": "\(group.name)", "error": "\(error)"])
        }
        registry.finishEvaluation(of: group.name, evaluation, saved: saved, at: now, seconds: (ContinuousClock.now - started).seconds)
        do {
            let refused = try await intake.accept(evaluation.sends.map { $0.linkingErrorTraces(externalURL: externalURL) })
            if refused > 0 {
                logger.warning("alerts refused: the alert limit is reached", metadata: ["rule.group": "\(group.name)", "alerts": "\(refused)"])
            }
        } catch {
            logger.error("cannot store alerts", metadata: ["rule.group": "\(group.name)", "error": "\(error)", "alerts": "\(evaluation.sends.count)"])
        }
    }
}
