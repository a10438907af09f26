import Foundation
import SextantCore

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
