import Foundation
import SextantCore

/// What applying a catalog document did.
public struct CatalogApplyResult: Sendable, Equatable {
    /// Names created, in document order.
    public var created: [String]
    /// Names whose definition changed, in document order.
    public var updated: [String]
    /// Names already stored exactly as listed.
    public var unchanged: [String]
    /// Names removed by pruning.
    public var deleted: [String]
    /// The catalog revision afterwards.
    public var revision: Int64
    /// Whether this was only a plan (nothing written).
    public var dryRun: Bool

    /// Whether anything changed (or, for a dry run, would).
    public var changed: Bool { !created.isEmpty || !updated.isEmpty || !deleted.isEmpty }
}
