/// What `PUT /api/v1/slos` did: the ids of the objectives it created, replaced and left as they were.
public struct SLOApplyResponse: Codable, Sendable {
    public var created: [String]
    public var updated: [String]
    public var unchanged: [String]

    public init(created: [String], updated: [String], unchanged: [String]) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
    }
}
