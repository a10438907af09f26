import SextantCore

extension RollupDelta: CommitBatch {
    /// The next batch is likely about as large as this one.
    func emptied() -> RollupDelta {
        RollupDelta(expectedOperations: operations.count, expectedEdges: edges.count)
    }
}
