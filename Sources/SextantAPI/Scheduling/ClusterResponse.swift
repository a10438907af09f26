import Foundation

/// `GET /api/v1/cluster`: the replicas sharing the database and which one leads.
public struct ClusterResponse: Codable, Sendable {
    public struct Replica: Codable, Sendable {
        public let id: String
        public let host: String
        public let pid: Int
        public let startedAt: Date
        public let lastHeartbeat: Date
        public let alive: Bool
        public let leader: Bool

        public init(
            id: String, host: String, pid: Int, startedAt: Date, lastHeartbeat: Date, alive: Bool, leader: Bool
        ) {
            self.id = id
            self.host = host
            self.pid = pid
            self.startedAt = startedAt
            self.lastHeartbeat = lastHeartbeat
            self.alive = alive
            self.leader = leader
        }
    }

    public struct Leader: Codable, Sendable {
        public let replica: String
        public let since: Date
        public let expiresAt: Date?

        public init(replica: String, since: Date, expiresAt: Date?) {
            self.replica = replica
            self.since = since
            self.expiresAt = expiresAt
        }
    }

    /// `replicated` on PostgreSQL; `single-replica` on SQLite.
    public let mode: String
    public let replica: String
    public let leader: Leader?
    public let replicas: [Replica]

    public init(mode: String, replica: String, leader: Leader?, replicas: [Replica]) {
        self.mode = mode
        self.replica = replica
        self.leader = leader
        self.replicas = replicas
    }
}
