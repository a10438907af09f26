/// How many alert states are stored and the newest evaluation among them: deleting states
/// changes the count, and every save of an evaluation writes its time.
public struct SLOAlertStatesRevision: Sendable, Hashable {
    public var states: Int64
    public var newest: Int64

    public init(states: Int64, newest: Int64) {
        self.states = states
        self.newest = newest
    }
}
