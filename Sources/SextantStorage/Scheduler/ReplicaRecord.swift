import Foundation
import SQLKit

/// A Sextant process sharing the database.
public struct ReplicaRecord: Sendable, Equatable {
    public var id: String
    public var host: String
    public var pid: Int
    public var startedAt: Date
    public var lastHeartbeat: Date

    public init(id: String, host: String, pid: Int, startedAt: Date, lastHeartbeat: Date) {
        self.id = id
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.lastHeartbeat = lastHeartbeat
    }
}
