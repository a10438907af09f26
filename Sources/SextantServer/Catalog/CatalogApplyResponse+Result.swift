import SextantAPI
import SextantStorage

extension CatalogApplyResponse {
    /// What `result` did, with a one-line summary.
    init(_ result: CatalogApplyResult) {
        let counts = "\(result.created.count) created, \(result.updated.count) updated, "
            + "\(result.unchanged.count) unchanged, \(result.deleted.count) deleted"
        let summary = !result.changed
            ? "no changes: \(result.unchanged.count) components already up to date"
            : (result.dryRun ? "would apply: " : "applied: ") + counts
        self.init(changed: result.changed, dryRun: result.dryRun, revision: result.revision, created: result.created,
                  updated: result.updated, unchanged: result.unchanged, deleted: result.deleted, summary: summary)
    }
}
