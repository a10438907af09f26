import Foundation

/// Which audit records to list: all filters are optional and combine with AND.
public struct AuditQuery: Sendable, Equatable {
    /// A key's id or name.
    public var actor: String?
    /// An action, such as `create` or `delete`.
    public var action: String?
    public var since: Date?
    public var until: Date?
    /// Records after this sequence number (the previous page's last).
    public var after: Int64?
    public var limit: Int

    public init(actor: String? = nil, action: String? = nil, since: Date? = nil, until: Date? = nil, after: Int64? = nil, limit: Int = 100) {
        self.actor = actor
        self.action = action
        self.since = since
        self.until = until
        self.after = after
        self.limit = limit
    }
}
