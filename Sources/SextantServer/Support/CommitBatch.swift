/// What a ``GroupCommitter`` gathers into one commit.
protocol CommitBatch {
    /// Whether nothing was added.
    var isEmpty: Bool { get }
    /// An empty batch to gather the next commit in (sized like this one, if that helps).
    func emptied() -> Self
}

extension Array: CommitBatch {
    func emptied() -> [Element] { [] }
}
