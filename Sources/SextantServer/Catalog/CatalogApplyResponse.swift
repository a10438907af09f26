import Foundation
import SextantCore
import SextantStorage

/// What applying a catalog did.
public struct CatalogApplyResponse: Codable, Sendable {
    public let changed: Bool
    public let dryRun: Bool
    public let revision: Int64
    public let created: [String]
    public let updated: [String]
    public let unchanged: [String]
    public let deleted: [String]
    public let summary: String

    public init(_ result: CatalogApplyResult) {
        self.changed = result.changed
        self.dryRun = result.dryRun
        self.revision = result.revision
        self.created = result.created
        self.updated = result.updated
        self.unchanged = result.unchanged
        self.deleted = result.deleted
        let counts = "\(result.created.count) created, \(result.updated.count) updated, "
            + "\(result.unchanged.count) unchanged, \(result.deleted.count) deleted"
        if !result.changed {
            self.summary = "no changes: \(result.unchanged.count) components already up to date"
        } else {
            self.summary = (result.dryRun ? "would apply: " : "applied: ") + counts
        }
    }
}
