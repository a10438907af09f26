import Foundation

/// `GET /api/v1/check`: the store's size, the room left where it lives, and each configured
/// peer's answer.
public struct OperationalCheckResponse: Codable, Sendable {
    public struct Store: Codable, Sendable {
        public let engine: String
        public let bytes: Int64?
        public let problem: String?

        public init(engine: String, bytes: Int64?, problem: String?) {
            self.engine = engine
            self.bytes = bytes
            self.problem = problem
        }
    }

    public struct Disk: Codable, Sendable {
        public let path: String
        public let freeBytes: Int64?
        public let totalBytes: Int64?
        /// `ok`, `low`, `critical`, or `unknown` when the directory cannot be examined.
        public let status: String

        public init(path: String, freeBytes: Int64?, totalBytes: Int64?, status: String) {
            self.path = path
            self.freeBytes = freeBytes
            self.totalBytes = totalBytes
            self.status = status
        }
    }

    public struct Peer: Codable, Sendable {
        public let kind: String
        public let url: String
        public let reachable: Bool
        public let healthy: Bool
        public let status: Int?
        public let latencySeconds: Double?
        public let reason: String?

        public init(kind: String, url: String, reachable: Bool, healthy: Bool, status: Int?, latencySeconds: Double?, reason: String?) {
            self.kind = kind
            self.url = url
            self.reachable = reachable
            self.healthy = healthy
            self.status = status
            self.latencySeconds = latencySeconds
            self.reason = reason
        }
    }

    public let store: Store
    public let dataDirectory: Disk
    public let peers: [Peer]

    public init(store: Store, dataDirectory: Disk, peers: [Peer]) {
        self.store = store
        self.dataDirectory = dataDirectory
        self.peers = peers
    }

    /// Whether nothing here needs an operator: the store answers, the disk is not critical, and
    /// every peer is healthy.
    public var isHealthy: Bool {
        store.problem == nil && dataDirectory.status != "critical" && peers.allSatisfy(\.healthy)
    }
}
