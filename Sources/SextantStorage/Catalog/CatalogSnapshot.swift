import Foundation
import SextantCore

/// The whole catalog at one revision.
public struct CatalogSnapshot: Sendable {
    /// Every component, sorted by name.
    public var components: [Component]
    /// The revision these components are at.
    public var revision: Int64
}
