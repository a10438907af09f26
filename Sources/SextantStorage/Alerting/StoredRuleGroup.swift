import Foundation
import SextantCore

/// A rule group and where it came from.
public struct StoredRuleGroup: Sendable, Equatable {
    public var group: RuleGroup
    public var updatedAt: Date
}
