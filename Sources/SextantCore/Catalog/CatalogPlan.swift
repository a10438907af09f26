/// What applying a catalog document changes, worked out before anything is written.
///
/// Applying is idempotent: a component identical to the stored one is `unchanged` and not
/// written, so a second apply of the same document plans no change at all.
public struct CatalogPlan: Sendable, Equatable {
    /// Components to insert, in document order.
    public var creates: [Component]
    /// Components whose stored definition differs, in document order.
    public var updates: [Component]
    /// Names of components already stored exactly as listed.
    public var unchanged: [String]
    /// Names of stored components not listed, removed only when pruning; sorted.
    public var deletes: [String]

    /// Whether applying the plan writes anything.
    public var hasChanges: Bool { !creates.isEmpty || !updates.isEmpty || !deletes.isEmpty }

    /// Plans how to turn `existing` into `desired`; with `prune`, stored components missing from
    /// `desired` are deleted, otherwise they are left alone.
    public static func make(existing: [String: Component], desired: [Component], prune: Bool) -> CatalogPlan {
        var plan = CatalogPlan(creates: [], updates: [], unchanged: [], deletes: [])
        for component in desired {
            switch existing[component.name] {
            case nil: plan.creates.append(component)
            case let stored? where stored == component: plan.unchanged.append(component.name)
            case _?: plan.updates.append(component)
            }
        }
        if prune {
            let listed = Set(desired.map(\.name))
            plan.deletes = existing.keys.filter { !listed.contains($0) }.sorted()
        }
        return plan
    }
}
