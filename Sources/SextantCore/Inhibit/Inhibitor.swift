import Foundation

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
