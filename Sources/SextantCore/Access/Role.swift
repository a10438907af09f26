/// A key's role, from least to most: each grants what the one before it does, and more.
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    /// What a collector or a Prometheus needs: send traces and logs, post alerts.
    case ingest
    /// Read everything except secret values and the audit log.
    case viewer
    /// A viewer who also silences, acknowledges alerts and runs health checks.
    case responder
    /// A responder who also changes the catalog, objectives, rules, jobs, deployments and the
    /// configuration outside protected environments.
    case `operator`
    /// Everything: keys, secret values, protected environments, the audit log.
    case admin

    /// What the role allows.
    public var permissions: Set<Permission> {
        switch self {
        case .ingest: return [.ingest]
        case .viewer: return [.read]
        case .responder: return Role.viewer.permissions.union([.silence, .acknowledge, .runHealthChecks])
        case .operator:
            return Role.responder.permissions.union([.ingest, .editCatalog, .editObjectives, .editRules, .runJobs, .deploy, .configure])
        case .admin: return Set(Permission.allCases)
        }
    }

    /// Whether the role allows `permission`.
    public func allows(_ permission: Permission) -> Bool {
        permissions.contains(permission)
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
