/// Thrown to a caller that hands a ``GroupCommitter`` something to commit after graceful
/// shutdown began: nothing of it was stored.
struct CommitsStopped: Error, CustomStringConvertible {
    var description: String { "the server is shutting down; retry later" }
}
