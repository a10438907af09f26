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

    /// The values of the `equal` labels of `labels`: a target is muted only by sources with
    /// the same ones.
    func equalValues(of labels: LabelSet) -> [String?] {
        equal.map { labels[$0] }
    }

    /// The source alert that mutes `target`, if any, among `sources` (firing alerts that
    /// match the source matchers and have the target's `equal` values). An alert that matches
    /// both sides is only muted by another alert, as in Alertmanager.
    func inhibitor(of target: LabelSet, amongMatchingSources sources: [Inhibitor.Source]) -> Inhibitor.Source? {
        guard targetMatchers.matches(target) else { return nil }
        let targetIsAlsoSource = sourceMatchers.matches(target)
        return sources.first { source in !(targetIsAlsoSource && targetMatchers.matches(source.labels)) }
    }
}

/// Which alerts mute which, at one instant. Sources are indexed by their `equal` values, so
/// that finding a target's inhibitors costs a lookup, not a scan of every firing alert.
public struct Inhibitor: Sendable {
    /// A firing alert that matches a rule's source matchers.
    struct Source: Sendable {
        var fingerprint: UInt64
        var labels: LabelSet
    }

    public let rules: [InhibitRule]
    private let sources: [[[String?]: [Source]]]

    /// Prepares the rules over the alerts firing at `now`.
    public init(rules: [InhibitRule], alerts: [Alert], at now: Date) {
        self.rules = rules
        var sources = [[[String?]: [Source]]](repeating: [:], count: rules.count)
        for alert in alerts where !alert.isResolved(at: now) {
            for (index, rule) in rules.enumerated() where rule.sourceMatchers.matches(alert.labels) {
                sources[index][rule.equalValues(of: alert.labels), default: []].append(Source(fingerprint: alert.fingerprint, labels: alert.labels))
            }
        }
        self.sources = sources
    }

    /// The fingerprints of the alerts that mute `labels` (empty when it is not inhibited).
    public func inhibitors(of labels: LabelSet) -> [UInt64] {
        var found: [UInt64] = []
        for (rule, sources) in zip(rules, sources) {
            guard let candidates = sources[rule.equalValues(of: labels)] else { continue }
            if let source = rule.inhibitor(of: labels, amongMatchingSources: candidates), !found.contains(source.fingerprint) {
                found.append(source.fingerprint)
            }
        }
        return found
    }
}
