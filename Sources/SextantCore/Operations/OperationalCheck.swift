import Foundation

/// What `sextant check` judges beside the components: the space left where the store lives,
/// and which configured peers to probe and how each one's answer reads.
public enum OperationalCheck {
    /// How much room the data directory's file system has left.
    public enum DiskStatus: String, Sendable, Equatable {
        /// At least 10 % and 1 GiB free.
        case ok
        /// Under 10 % or under 1 GiB free.
        case low
        /// Under 2 % or under 100 MiB free: writes may fail soon.
        case critical
    }

    /// The disk verdict for `free` of `total` bytes.
    public static func disk(freeBytes free: Int64, totalBytes total: Int64) -> DiskStatus {
        guard total > 0 else { return .critical }
        let share = Double(free) / Double(total)
        if share < 0.02 || free < 100 << 20 { return .critical }
        if share < 0.10 || free < 1 << 30 { return .low }
        return .ok
    }

    /// A peer Sextant is configured to talk to.
    public struct Peer: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case prometheus, alertmanager, vault, oidc
        }

        public var kind: Kind
        /// Where it is, without credentials.
        public var url: URL
        /// The address probed: the peer's own readiness or health endpoint.
        public var probe: URL

        /// Whether an HTTP `status` from the probe means the peer is usable.
        public func isHealthy(status: Int) -> Bool {
            switch kind {
            case .vault: return status == 200 || status == 429 || status == 473  // active, standby, performance standby
            default: return (200..<300).contains(status)
            }
        }
    }

    /// The peers of a configuration, each once, in a stable order: Prometheus, the Alertmanagers
    /// that receivers forward to, Vault, the OpenID Connect provider.
    public static func peers(prometheus: URL?, alertmanagers: [URL], vault: URL?, oidcIssuer: URL?) -> [Peer] {
        func peer(_ kind: Peer.Kind, _ url: URL, _ path: String) -> Peer {
            var base = URLComponents(url: url, resolvingAgainstBaseURL: false) ?? URLComponents()
            base.user = nil
            base.password = nil
            base.query = nil
            let root = base.url ?? url
            var probe = base
            probe.path = (kind == .alertmanager ? "" : base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path) + path
            return Peer(kind: kind, url: root, probe: probe.url ?? root)
        }
        var peers: [Peer] = []
        if let prometheus { peers.append(peer(.prometheus, prometheus, "/-/ready")) }
        var seen: Set<String> = []
        for url in alertmanagers {
            let candidate = peer(.alertmanager, url, "/-/ready")
            if seen.insert(candidate.probe.absoluteString).inserted { peers.append(candidate) }
        }
        if let vault { peers.append(peer(.vault, vault, "/v1/sys/health")) }
        if let oidcIssuer { peers.append(peer(.oidc, oidcIssuer, "/.well-known/openid-configuration")) }
        return peers
    }
}
