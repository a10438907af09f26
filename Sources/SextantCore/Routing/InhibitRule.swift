import Foundation

/// An inhibition rule: while a resolved-not source alert exists, target alerts with the same
/// values of the `equal` labels are muted.
public struct InhibitRule: Sendable, Equatable {
    public var sourceMatchers: [LabelMatcher]
    public var targetMatchers: [LabelMatcher]
    public var equal: [String]

    public init(sourceMatchers: [LabelMatcher], targetMatchers: [LabelMatcher], equal: [String]) {
        self.sourceMatchers = sourceMatchers
        self.targetMatchers = targetMatchers
        self.equal = equal
    }

    init(_ node: AlertmanagerConfigFile.InhibitRuleNode, field: String) throws {
        do {
            sourceMatchers = try (node.source_matchers ?? []).flatMap { try LabelMatcher.parseList($0) }
                + (try LabelMatcher.fromMap(node.source_match ?? [:], kind: .equal)) + (try LabelMatcher.fromMap(node.source_match_re ?? [:], kind: .regex))
            targetMatchers = try (node.target_matchers ?? []).flatMap { try LabelMatcher.parseList($0) }
                + (try LabelMatcher.fromMap(node.target_match ?? [:], kind: .equal)) + (try LabelMatcher.fromMap(node.target_match_re ?? [:], kind: .regex))
        } catch let error as ValidationError {
            throw error.nested(under: field)
        }
        equal = node.equal ?? []
    }

    /// The source alert that mutes `target`, if any, among `sources` (alerts still firing).
    /// An alert that matches both sides is only muted by another alert, as in Alertmanager.
    public func inhibitor(of target: LabelSet, among sources: [Alert]) -> Alert? {
        guard targetMatchers.matches(target) else { return nil }
        let targetIsAlsoSource = sourceMatchers.matches(target)
        return sources.first { source in
            guard sourceMatchers.matches(source.labels) else { return false }
            if targetIsAlsoSource && targetMatchers.matches(source.labels) { return false }
            return equal.allSatisfy { source.labels[$0] == target[$0] }
        }
    }
}

/// Which alerts mute which, at one instant.
public struct Inhibitor: Sendable {
    public let rules: [InhibitRule]
    private let sources: [[Alert]]

    /// Prepares the rules over the alerts firing at `now`.
    public init(rules: [InhibitRule], alerts: [Alert], at now: Date) {
        self.rules = rules
        let firing = alerts.filter { !$0.isResolved(at: now) }
        sources = rules.map { rule in firing.filter { rule.sourceMatchers.matches($0.labels) } }
    }

    /// The fingerprints of the alerts that mute `labels` (empty when it is not inhibited).
    public func inhibitors(of labels: LabelSet) -> [UInt64] {
        var found: [UInt64] = []
        for (rule, sources) in zip(rules, sources) {
            if let source = rule.inhibitor(of: labels, among: sources), !found.contains(source.fingerprint) {
                found.append(source.fingerprint)
            }
        }
        return found
    }
}
