extension Migration {
    /// 7: access control. API keys (the secret's SHA-256 only, as hex) and the audit trail, one
    /// row per record in sequence, each with the chain's MAC (hex).
    static let access = Migration(version: 7, name: "access", statements: [
        """
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            environment TEXT,
            expires_at BIGINT,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            last_used_at BIGINT,
            revoked_at BIGINT,
            secret_hash TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE audit_log (
            sequence BIGINT PRIMARY KEY,
            time BIGINT NOT NULL,
            request_id TEXT NOT NULL,
            key_id TEXT,
            key_name TEXT,
            role TEXT,
            source TEXT NOT NULL,
            method TEXT NOT NULL,
            route TEXT NOT NULL,
            resource TEXT NOT NULL,
            action TEXT NOT NULL,
            outcome TEXT NOT NULL,
            status INTEGER NOT NULL,
            version_before BIGINT,
            version_after BIGINT,
            mac TEXT NOT NULL
        )
        """,
        "CREATE INDEX audit_log_by_key ON audit_log (key_id, sequence)",
        "CREATE INDEX audit_log_by_time ON audit_log (time)",
    ])
}

extension Migration {
    /// 8: the audit trail's head — the last record's sequence number and MAC, sealed with the
    /// audit key — so that deleting the newest records is found too.
    static let auditHead = Migration(version: 8, name: "audit head", statements: [
        """
        CREATE TABLE audit_head (
            id INTEGER PRIMARY KEY,
            sequence BIGINT NOT NULL,
            mac TEXT NOT NULL,
            seal TEXT NOT NULL
        )
        """,
    ])
}
