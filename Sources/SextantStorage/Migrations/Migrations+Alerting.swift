extension Migration {
    /// 5: alerting. Rule groups created through the API, the state of every rule alert (so
    /// `for` and `keep_firing_for` survive restarts), the alerts the router holds, silences,
    /// the notification log that keeps receivers from hearing the same thing twice, the
    /// history of notifications, and the latest health probe of each component. Values whose
    /// shape belongs to the domain are kept as JSON.
    static let alerting = Migration(
        version: 5, name: "alerting",
        statements: [notifications(id: "id INTEGER PRIMARY KEY AUTOINCREMENT")] + alertingTables,
        postgresStatements: [notifications(id: "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")] + alertingTables
    )

    private static func notifications(id: String) -> String {
        """
        CREATE TABLE notifications (
            \(id),
            sent_at BIGINT NOT NULL,
            receiver TEXT NOT NULL,
            integration TEXT NOT NULL,
            group_key TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL,
            outcome TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            error TEXT,
            alert_names TEXT NOT NULL,
            alerts TEXT NOT NULL
        )
        """
    }

    private static let alertingTables = [
        "CREATE INDEX notifications_by_time ON notifications (sent_at)",
        """
        CREATE TABLE rule_groups (
            name TEXT PRIMARY KEY,
            definition TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE rule_alerts (
            group_name TEXT NOT NULL,
            rule TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            alert TEXT NOT NULL,
            PRIMARY KEY (group_name, rule, fingerprint)
        )
        """,
        """
        CREATE TABLE alerts (
            fingerprint TEXT PRIMARY KEY,
            alert TEXT NOT NULL,
            ends_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX alerts_by_update ON alerts (updated_at)",
        """
        CREATE TABLE silences (
            id TEXT PRIMARY KEY,
            silence TEXT NOT NULL,
            ends_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE notification_log (
            group_key TEXT NOT NULL,
            receiver TEXT NOT NULL,
            integration TEXT NOT NULL,
            entry TEXT NOT NULL,
            sent_at BIGINT NOT NULL,
            PRIMARY KEY (group_key, receiver, integration)
        )
        """,
        """
        CREATE TABLE component_health (
            component TEXT PRIMARY KEY,
            up BOOLEAN NOT NULL,
            latency_seconds DOUBLE PRECISION,
            status_code INTEGER,
            reason TEXT NOT NULL,
            checked_at BIGINT NOT NULL
        )
        """,
    ]
}

extension Migration {
    /// 6: which process wrote each alert, so that a leader syncing the alerts other replicas
    /// received reads only theirs, not every alert it wrote itself.
    static let alertWriters = Migration(
        version: 6, name: "alert writers",
        statements: ["ALTER TABLE alerts ADD COLUMN written_by TEXT NOT NULL DEFAULT ''"]
    )
}

extension Migration {
    /// 15: PostgreSQL compares alert fingerprints byte by byte (collation "C"), as SQLite
    /// already does, instead of through the database's locale: every alert written looks its
    /// fingerprint up in the primary key. SQLite has nothing to change.
    static let alertFingerprintsAsBytes = Migration(
        version: 15, name: "alert fingerprints as bytes", statements: [],
        postgresStatements: [#"ALTER TABLE alerts ALTER COLUMN fingerprint TYPE TEXT COLLATE "C""#]
    )
}
