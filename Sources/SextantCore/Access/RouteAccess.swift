/// What a route asks of a request before it runs: nothing, any valid key, or a permission.
/// Every route declares one where it is registered.
public enum RouteAccess: Sendable, Hashable, CustomStringConvertible {
    /// No key needed: `/health`, `/ready`, and `/metrics` unless it is asked to require a key.
    case open
    /// Any valid key, whatever its role (`whoami`).
    case anyKey
    /// A valid key whose role allows the permission.
    case needs(Permission)

    /// `open`, `any key`, or the permission's name, as README's route table writes it.
    public var description: String {
        switch self {
        case .open: return "open"
        case .anyKey: return "any key"
        case .needs(let permission): return permission.rawValue
        }
    }

    /// The least role that passes; `nil` for an open route.
    public var leastRole: Role? {
        switch self {
        case .open: return nil
        case .anyKey: return Role.allCases.first
        case .needs(let permission): return Role.allCases.first { $0.allows(permission) }
        }
    }

    /// Whether a request with `role` passes.
    public func admits(_ role: Role) -> Bool {
        switch self {
        case .open, .anyKey: return true
        case .needs(let permission): return role.allows(permission)
        }
    }

    /// Whether an allowed request by `method` to a route of this access goes into the audit
    /// trail: every change, except the intake of telemetry and alerts (data, not changes to
    /// Sextant, at rates an audit trail must not carry), and every read of a secret value or
    /// of the audit log. Denied requests are always recorded.
    public func audits(method: String) -> Bool {
        switch self {
        case .open: return false
        case .needs(.ingest): return false
        case .needs(.readSecrets), .needs(.readAudit): return true
        case .anyKey, .needs: return !["GET", "HEAD", "OPTIONS"].contains(method.uppercased())
        }
    }
}
