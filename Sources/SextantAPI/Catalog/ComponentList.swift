/// A page of components: `GET /api/v1/components`.
public struct ComponentList: Codable, Sendable {
    public var items: [ComponentView]
    /// Where the next page starts; `null` on the last page.
    public var nextCursor: String?
    /// How many components match, over all pages.
    public var total: Int

    private enum CodingKeys: String, CodingKey {
        case items, nextCursor, total
    }

    public init(items: [ComponentView], nextCursor: String?, total: Int) {
        self.items = items
        self.nextCursor = nextCursor
        self.total = total
    }

    /// Writes `nextCursor` as `null` on the last page rather than leaving it out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
        try container.encode(total, forKey: .total)
    }
}
