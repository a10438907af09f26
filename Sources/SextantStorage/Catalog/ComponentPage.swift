import Foundation
import SextantCore

/// One page of components, sorted by name.
public struct ComponentPage: Sendable, Equatable {
    /// The components of this page.
    public var items: [ComponentRecord]
    /// The cursor of the next page, or `nil` on the last one.
    public var nextCursor: String?
    /// How many components match the filters, over all pages.
    public var total: Int
}
