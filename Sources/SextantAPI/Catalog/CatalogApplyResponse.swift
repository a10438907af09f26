import Foundation
import SextantCore

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

    public init(changed: Bool, dryRun: Bool, revision: Int64, created: [String], updated: [String], unchanged: [String],
                deleted: [String], summary: String) {
        self.changed = changed
        self.dryRun = dryRun
        self.revision = revision
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
        self.deleted = deleted
        self.summary = summary
    }
}
