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
