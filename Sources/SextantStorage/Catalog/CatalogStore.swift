import Foundation
import SextantCore

/// A stored component with the times the store keeps for it.
public struct ComponentRecord: Sendable, Equatable {
    /// The component as last written.
    public var component: Component
    /// When it was first created.
    public var createdAt: Date
    /// When its definition last changed.
    public var updatedAt: Date

    /// Creates a record.
    public init(component: Component, createdAt: Date, updatedAt: Date) {
        self.component = component
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

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

/// One page of components, sorted by name.
public struct ComponentPage: Sendable, Equatable {
    /// The components of this page.
    public var items: [ComponentRecord]
    /// The cursor of the next page, or `nil` on the last one.
    public var nextCursor: String?
    /// How many components match the filters, over all pages.
    public var total: Int
}

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

/// The whole catalog at one revision.
public struct CatalogSnapshot: Sendable {
    /// Every component, sorted by name.
    public var components: [Component]
    /// The revision these components are at.
    public var revision: Int64
}

/// The component registry.
public protocol CatalogStore: Sendable {
    /// Stores a new component; throws ``StoreError/conflict(_:)`` if the name is taken.
    func create(_ component: Component) async throws -> ComponentRecord
    /// The component of this name, if any.
    func component(named name: String) async throws -> ComponentRecord?
    /// A page of components matching `query`.
    func components(matching query: ComponentQuery) async throws -> ComponentPage
    /// Stores `component` under its name, creating it if needed; says whether it was created.
    func replace(_ component: Component) async throws -> (record: ComponentRecord, created: Bool)
    /// Removes the component of this name; says whether there was one.
    func deleteComponent(named name: String) async throws -> Bool
    /// Applies a whole document atomically: creates, updates and (with `prune`) deletes, or,
    /// with `dryRun`, only says what it would do.
    func apply(_ document: CatalogDocument, prune: Bool, dryRun: Bool) async throws -> CatalogApplyResult
    /// Every component and the revision they are at.
    func snapshot() async throws -> CatalogSnapshot
    /// The catalog's revision, bumped by every change.
    func revision() async throws -> Int64
}
