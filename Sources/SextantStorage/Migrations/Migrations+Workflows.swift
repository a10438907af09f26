extension Migration {
    /// 10: workflows. Each workflow's row (its request as JSON, and its phase kept with every
    /// event) and its events in order (the state machine is their replay).
    static let workflows = Migration(version: 10, name: "workflows", statements: [
        """
        CREATE TABLE workflows (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            spec TEXT NOT NULL,
            phase TEXT NOT NULL,
            active BOOLEAN NOT NULL,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            event_count INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE workflow_events (
            workflow_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            at BIGINT NOT NULL,
            event TEXT NOT NULL,
            PRIMARY KEY (workflow_id, sequence)
        )
        """,
    ])
}
