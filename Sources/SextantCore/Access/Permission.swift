/// What a request may do. Every route declares the one it needs; a key's role grants a set.
public enum Permission: String, Sendable, CaseIterable, Codable {
    /// Send traces and logs, post alerts: what a collector or a Prometheus needs.
    case ingest
    /// Read everything except secret values and the audit log.
    case read
    /// Create and expire silences.
    case silence
    /// Acknowledge alerts.
    case acknowledge
    /// Probe components' health endpoints now.
    case runHealthChecks = "run-health-checks"
    /// Change the catalog.
    case editCatalog = "edit-catalog"
    /// Change objectives.
    case editObjectives = "edit-objectives"
    /// Change alerting rules.
    case editRules = "edit-rules"
    /// Run jobs by hand.
    case runJobs = "run-jobs"
    /// Start, promote and abort deployments.
    case deploy
    /// Change configuration outside protected environments.
    case configure
    /// Change configuration of protected environments.
    case configureProtected = "configure-protected"
    /// Create and revoke API keys.
    case manageKeys = "manage-keys"
    /// Read secret values.
    case readSecrets = "read-secrets"
    /// Read the audit log.
    case readAudit = "read-audit"
    /// Rotate, rewrap and retire the keys that wrap secrets' data keys.
    case manageKeyring = "manage-keyring"
}
