import Foundation
import SextantCore

/// Which components to list, and which page.
public struct ComponentQuery: Sendable, Equatable {
    /// Only components of this owner.
    public var owner: String?
    /// Only components of this tier.
    public var tier: Int?
    /// Only components carrying every one of these labels with these values.
    public var labels: [String: String]
    /// The most components to return.
    public var limit: Int
    /// Only components whose name sorts after this one (the previous page's cursor).
    public var after: String?

    /// Creates a query.
    public init(owner: String? = nil, tier: Int? = nil, labels: [String: String] = [:], limit: Int = 100, after: String? = nil) {
        self.owner = owner
        self.tier = tier
        self.labels = labels
        self.limit = limit
        self.after = after
    }
}
